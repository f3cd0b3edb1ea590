// The recordings page: lists what recording.list shows this principal and plays one with
// asciinema-player, loading the file from GET /recordings/{id}.cast with the same token in an
// Authorization header. Everything from a recording's header is rendered as text.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const state = { wire: null, token: null, player: null, playing: null };

  const setStatus = RexdWire.setStatus;

  function connect(token) {
    state.token = token;
    state.wire = RexdWire.connect(token, {
      onOpen: () => list().catch((e) => setStatus('error: ' + e.message)),
      onEvent: () => {},
    });
  }

  async function list() {
    let result;
    try {
      result = await state.wire.call('recording.list', {});
    } catch (e) {
      if (e.code === -32601) {
        setStatus('recording is off on this server');
        return;
      }
      throw e;
    }
    $('sign-in').hidden = true;
    $('app').hidden = false;
    const body = document.querySelector('#recordings tbody');
    body.replaceChildren();
    result.recordings.slice().reverse().forEach((r) => {
      const tr = document.createElement('tr');
      tr.dataset.recordingId = r.recording_id;
      [r.title, r.kind + (r.pty_id ? ' ' + r.pty_id : ''), r.started_at, r.ended_at || 'recording…', String(r.bytes)]
        .forEach((text) => {
          const td = document.createElement('td');
          td.textContent = text;
          tr.appendChild(td);
        });
      tr.addEventListener('click', () => play(r));
      body.appendChild(tr);
    });
    $('recordings-empty').hidden = result.recordings.length > 0;
  }

  function play(r) {
    state.playing = r;
    document.querySelectorAll('#recordings tr.selected').forEach((tr) => tr.classList.remove('selected'));
    const row = document.querySelector('#recordings tr[data-recording-id="' + r.recording_id + '"]');
    if (row) row.classList.add('selected');
    $('player-title').textContent = r.title;
    if (state.player) state.player.dispose();
    const box = $('player');
    box.replaceChildren();
    box.dataset.recordingId = r.recording_id;
    setPlayerState('loading');
    const url = RexdWire.meta('rexd-recordings-path', '/recordings') + '/' + r.recording_id + '.cast';
    const idle = parseFloat($('idle-limit').value);
    const player = AsciinemaPlayer.create(
      { url, fetchOpts: { headers: { Authorization: 'Bearer ' + state.token }, cache: 'no-store' } },
      box,
      {
        autoPlay: true,
        controls: true,
        fit: 'width',
        speed: parseFloat($('speed').value) || 1,
        idleTimeLimit: idle > 0 ? idle : undefined,
      });
    player.addEventListener('playing', () => setPlayerState('playing'));
    player.addEventListener('pause', () => setPlayerState('paused'));
    player.addEventListener('ended', () => setPlayerState('ended'));
    state.player = player;
  }

  function setPlayerState(s) {
    $('player').dataset.state = s;
    $('player-state').textContent = s;
  }

  function init() {
    const replay = () => { if (state.playing) play(state.playing); };
    $('speed').addEventListener('change', replay);
    $('idle-limit').addEventListener('change', replay);
    RexdWire.signIn(connect);
  }

  document.addEventListener('DOMContentLoaded', init);
}());
