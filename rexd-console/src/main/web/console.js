// The rexd operator console: a REXD client like any other. Everything it shows comes from the
// protocol (server.sessions, server.watch, session.watch, approval.*); everything an agent
// controls is rendered as text (textContent), never as HTML. Served by a hub, it lists the hub's
// hosts (hub.hosts, hub.watch) and each host's sessions (server.sessions {host}), read-only.
'use strict';

(function () {
  const TOKEN_KEY = RexdWire.TOKEN_KEY;
  const MAX_OUTPUT_CHARS = 200000;

  const $ = (id) => document.getElementById(id);
  const state = {
    wire: null,
    operator: false,
    sessions: new Map(),      // session_id -> entry from server.sessions / session.opened
    selected: null,           // session_id being watched
    commands: new Map(),      // process_id -> {el, startedMs, lastSeq: {stdout, stderr}}
    terminals: new Map(),     // pty_id -> {term, fit, el, lastSeq}
    approvals: new Map(),     // approval_id -> element
    hub: false,               // served by a hub: hosts, each with its sessions
    hosts: new Map(),         // host name -> {entry, el, sessions: [...], note}
    hostOf: new Map(),        // session_id -> host name (hub only)
  };

  // ---- wire ---------------------------------------------------------------------------------

  // Through a hub, a call about a session names the session's host, so the hub knows where it goes.
  function call(method, params) {
    if (state.hub && params && params.session_id && !params.host && state.hostOf.has(params.session_id)) {
      params = Object.assign({ host: state.hostOf.get(params.session_id) }, params);
    }
    return state.wire ? state.wire.call(method, params) : Promise.reject(new Error('not connected'));
  }

  // 1001 (going away): the server restarted, or a hub lost a host this page used; connect again.
  function connect(token) {
    state.wire = RexdWire.connect(token, {
      onOpen: () => start().catch((e) => setStatus('error: ' + e.message)),
      onEvent,
      onClose: (code) => {
        if (code === 1001) {
          setStatus('reconnecting…');
          setTimeout(() => connect(token), 1000);
        }
      },
    });
  }

  // ---- start-up -----------------------------------------------------------------------------

  async function start() {
    let hosts = null;
    try {
      await call('hub.watch', {});
      hosts = await call('hub.hosts', {});
    } catch (e) {
      if (e.code !== -32601) throw e;   // not a hub
    }
    if (hosts) {
      startHub(hosts.hosts);
      return;
    }
    let list;
    try {
      list = await call('server.sessions', {});
    } catch (e) {
      if (e.code === -32001) {
        showSignIn('This principal is an agent: the console needs role viewer or operator.');
        state.wire.close();
        return;
      }
      throw e;
    }
    try {
      const pending = await call('approval.list', {});
      state.operator = true;
      pending.pending.forEach(addApproval);
    } catch (e) {
      state.operator = false;
    }
    document.body.classList.toggle('operator', state.operator);
    $('approvals-panel').hidden = !state.operator;
    showApp(state.operator ? 'signed in: operator' : 'signed in: viewer (read-only)');
    state.sessions.clear();
    list.sessions.forEach((s) => state.sessions.set(s.session_id, s));
    renderSessions();
    await call('server.watch', {});
  }

  function showApp(who) {
    $('who').textContent = who;
    $('sign-in').hidden = true;
    $('app').hidden = false;
    $('sign-out').hidden = false;
  }

  // ---- hub: hosts and their sessions --------------------------------------------------------

  function startHub(hosts) {
    state.hub = true;
    state.operator = false;
    document.body.classList.remove('operator');
    $('approvals-panel').hidden = true;
    $('sessions-panel').hidden = true;
    $('hosts-panel').hidden = false;
    $('to-recordings').hidden = true;   // recordings stay on each host
    showApp('signed in to a hub (read-only)');
    state.hosts.forEach((h) => h.el.remove());
    state.hosts.clear();
    hosts.forEach(hostConnected);
    renderHosts();
  }

  function hostConnected(entry) {
    let h = state.hosts.get(entry.name);
    if (!h) {
      h = { el: $('host-template').content.firstElementChild.cloneNode(true), sessions: [], note: '' };
      h.el.dataset.host = entry.name;
      state.hosts.set(entry.name, h);
    }
    h.entry = entry;
    h.el.querySelector('.host-name').textContent = entry.name;
    h.el.querySelector('.host-version').textContent = 'rexd ' + entry.server_version;
    h.el.querySelector('.host-since').textContent = 'connected since ' + entry.connected_since;
    h.el.querySelector('.host-labels').textContent = Object.entries(entry.labels || {})
      .map(([k, v]) => k + '=' + v).join(' ');
    renderHosts();
    loadHostSessions(entry.name).then(() => call('server.watch', { host: entry.name })).catch(() => {});
  }

  function hostLeft(name) {
    const h = state.hosts.get(name);
    if (!h) return;
    h.el.remove();
    state.hosts.delete(name);
    h.sessions.forEach((s) => {
      state.sessions.delete(s.session_id);
      state.hostOf.delete(s.session_id);
    });
    if (state.selected && !state.sessions.has(state.selected)) notice('Host ' + name + ' left the hub.');
    renderHosts();
  }

  async function loadHostSessions(name) {
    let sessions = [];
    let note = '';
    try {
      sessions = (await call('server.sessions', { host: name })).sessions;
      if (sessions.length === 0) note = 'No open sessions.';
    } catch (e) {
      note = e.code === -32001
        ? 'This host shows its sessions only to a viewer or operator: its [hub] role is lower.'
        : 'Sessions unavailable: ' + e.message;
    }
    const h = state.hosts.get(name);
    if (!h) return;
    h.sessions.forEach((s) => state.sessions.delete(s.session_id));
    h.sessions = sessions;
    h.note = note;
    sessions.forEach((s) => {
      state.sessions.set(s.session_id, s);
      state.hostOf.set(s.session_id, name);
    });
    renderHost(h);
  }

  function renderHosts() {
    const names = [...state.hosts.keys()].sort();
    names.forEach((n) => $('hosts').appendChild(state.hosts.get(n).el));   // in name order
    state.hosts.forEach(renderHost);
    $('hosts-empty').hidden = state.hosts.size > 0;
  }

  function renderHost(h) {
    const body = h.el.querySelector('tbody');
    body.replaceChildren(...h.sessions.map(sessionRow));
    h.el.querySelector('thead').hidden = h.sessions.length === 0;
    h.el.querySelector('.host-note').textContent = h.note;
  }

  function refreshHosts() {
    state.hosts.forEach((h, name) => loadHostSessions(name).catch(() => {}));
  }

  // ---- events -------------------------------------------------------------------------------

  function onEvent(method, p) {
    if (state.hub && onHubEvent(method, p)) return;
    switch (method) {
      case 'session.opened':
        state.sessions.set(p.session_id, Object.assign({ workspace_roots: [], processes: [], ptys: [], connected: true }, p));
        renderSessions();
        refreshCountsSoon();   // the event names no roots: server.sessions fills them in
        break;
      case 'session.closed':
        state.sessions.delete(p.session_id);
        renderSessions();
        if (state.selected === p.session_id) {
          notice('Session closed by ' + p.by + '.');
          markSessionEnded();
        }
        break;
      case 'session.unwatched':
        if (state.selected === p.session_id) {
          notice('Stopped watching (' + p.reason + '): this page fell behind. Select the session to watch again.');
          state.selected = null;
        }
        break;
      case 'server.unwatched':
        catchUp().catch((e) => setStatus('error: ' + e.message));
        break;
      case 'approval.requested': addApproval(p); break;
      case 'approval.decided': removeApproval(p.approval_id); break;
      default:
        if (p.session_id && p.session_id === state.selected) {
          onSessionEvent(method, p);
        }
        if (p.session_id && ['exec.started', 'exec.exit', 'pty.opened', 'pty.exit'].includes(method)) {
          refreshCountsSoon();
        }
    }
  }

  // Through a hub, events of several hosts arrive on one socket without saying which: a change to
  // any session list re-reads every host's.
  function onHubEvent(method, p) {
    switch (method) {
      case 'hub.host_connected': hostConnected(p); return true;
      case 'hub.host_left': hostLeft(p.name); return true;
      case 'hub.unwatched':
        call('hub.watch', {}).then(() => call('hub.hosts', {})).then((r) => startHub(r.hosts))
          .catch((e) => setStatus('error: ' + e.message));
        return true;
      case 'session.opened':
      case 'session.closed':
      case 'server.unwatched':
        refreshCountsSoon();
        return method !== 'session.closed';
      default:
        return false;
    }
  }

  function onSessionEvent(method, p) {
    switch (method) {
      case 'exec.started': commandStarted(p); break;
      case 'exec.stdout': commandOutput(p, 'stdout'); break;
      case 'exec.stderr': commandOutput(p, 'stderr'); break;
      case 'exec.exit': commandExited(p); break;
      case 'pty.opened': terminalOpened(p); break;
      case 'pty.output': terminalOutput(p); break;
      case 'pty.resized': terminalResized(p); break;
      case 'pty.input_by': terminalTypist(p); break;
      case 'pty.exit': terminalExited(p); break;
      default: break;
    }
  }

  // The server dropped this page's server.watch (it fell behind): watch again, then re-read the
  // sessions and the pending approvals, so nothing missed stays missing.
  async function catchUp() {
    await call('server.watch', {});
    const list = await call('server.sessions', {});
    state.sessions.clear();
    list.sessions.forEach((s) => state.sessions.set(s.session_id, s));
    renderSessions();
    if (state.operator) {
      const pending = await call('approval.list', {});
      const live = new Set(pending.pending.map((a) => a.approval_id));
      [...state.approvals.keys()].filter((id) => !live.has(id)).forEach(removeApproval);
      pending.pending.forEach(addApproval);
    }
  }

  let refreshTimer = null;
  function refreshCountsSoon() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(async () => {
      refreshTimer = null;
      if (state.hub) {
        refreshHosts();
        return;
      }
      try {
        const list = await call('server.sessions', {});
        state.sessions.clear();
        list.sessions.forEach((s) => state.sessions.set(s.session_id, s));
        renderSessions();
      } catch (e) { /* the next event tries again */ }
    }, 300);
  }

  // ---- sessions -----------------------------------------------------------------------------

  function cell(tr, text) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.appendChild(td);
  }

  function sessionRow(s) {
    const tr = document.createElement('tr');
    tr.dataset.sessionId = s.session_id;
    if (s.session_id === state.selected) tr.classList.add('selected');
    cell(tr, s.client_name);
    cell(tr, s.principal);
    cell(tr, (s.workspace_roots || []).join(', '));
    cell(tr, s.connected ? 'yes' : 'no');
    cell(tr, String((s.processes || []).filter((x) => x.status === 'running').length));
    cell(tr, String((s.ptys || []).filter((x) => x.status === 'running').length));
    tr.addEventListener('click', () => selectSession(s.session_id));
    return tr;
  }

  function renderSessions() {
    if (state.hub) {
      renderHosts();
      return;
    }
    const body = document.querySelector('#sessions tbody');
    body.replaceChildren(...[...state.sessions.values()].map(sessionRow));
    $('sessions-empty').hidden = state.sessions.size > 0;
  }

  async function selectSession(id) {
    if (state.selected && state.selected !== id) {
      call('session.unwatch', { session_id: state.selected }).catch(() => {});
    }
    clearSessionView();
    state.selected = id;
    renderSessions();
    const s = state.sessions.get(id);
    $('session-view').hidden = false;
    $('session-title').textContent = s ? s.client_name : id;
    $('session-meta').textContent = s ? 'principal ' + s.principal + ' · opened ' + s.opened_at + ' · ' + id : id;
    notice('');
    try {
      const info = await call('session.info', { session_id: id });
      (info.processes || []).forEach((proc) => commandStarted({
        process_id: proc.process_id, argv: proc.argv, command: proc.command, cwd: '', started_at: proc.started_at,
        status: proc.status,
      }));
      (info.ptys || []).forEach((t) => terminalOpened({
        pty_id: t.pty_id, process_id: t.process_id, argv: t.argv, command: t.command, cols: t.cols, rows: t.rows,
        status: t.status,
      }));
      await call('session.watch', { session_id: id, replay: true });
      $('session-view').dataset.watching = id;
    } catch (e) {
      notice('Cannot watch this session: ' + e.message);
    }
  }

  function clearSessionView() {
    delete $('session-view').dataset.watching;
    state.terminals.forEach((t) => t.term.dispose());
    state.terminals.clear();
    state.commands.clear();
    $('terminals').replaceChildren();
    $('commands').replaceChildren();
  }

  function markSessionEnded() {
    state.commands.forEach((c) => c.el.querySelectorAll('.kill').forEach((k) => k.remove()));
  }

  function notice(text) {
    $('session-notice').textContent = text;
  }

  // ---- commands -----------------------------------------------------------------------------

  function commandText(p) {
    return p.command != null ? p.command : (p.argv || []).join(' ');
  }

  function commandStarted(p) {
    if (state.commands.has(p.process_id)) {
      const c = state.commands.get(p.process_id);
      if (p.cwd) c.el.querySelector('.command-cwd').textContent = 'in ' + p.cwd;
      return;
    }
    const el = $('command-template').content.firstElementChild.cloneNode(true);
    el.dataset.processId = p.process_id;
    el.querySelector('.command-line').textContent = commandText(p);
    el.querySelector('.command-cwd').textContent = p.cwd ? 'in ' + p.cwd : '';
    el.querySelector('.command-times').textContent = 'started ' + p.started_at + (p.principal ? ' by ' + p.principal : '');
    el.querySelector('.kill').addEventListener('click', () => {
      call('exec.kill', { session_id: state.selected, process_id: p.process_id, signal: 'TERM' })
        .catch((e) => notice('Kill failed: ' + e.message));
    });
    setCommandStatus(el, p.status || 'running', null);
    state.commands.set(p.process_id, { el, lastSeq: { stdout: 0, stderr: 0 } });
    $('commands').prepend(el);
  }

  function setCommandStatus(el, status, text) {
    const s = el.querySelector('.command-status');
    s.textContent = text || status;
    s.className = 'command-status ' + (status === 'running' ? 'status-running'
      : status === 'ok' ? 'status-ok' : 'status-failed');
    if (status !== 'running') {
      const kill = el.querySelector('.kill');
      if (kill) kill.remove();
    }
  }

  function decode(p) {
    if (p.encoding === 'base64') {
      const bin = atob(p.data);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return bytes;
    }
    return p.data;
  }

  function asText(data) {
    return typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: false }).decode(data);
  }

  function commandOutput(p, stream) {
    let c = state.commands.get(p.process_id);
    if (!c) {
      commandStarted({ process_id: p.process_id, argv: [p.process_id], started_at: '' });
      c = state.commands.get(p.process_id);
    }
    if (p.seq <= c.lastSeq[stream]) return;   // replayed already
    c.lastSeq[stream] = p.seq;
    const out = c.el.querySelector('.command-output');
    const span = document.createElement('span');
    if (stream === 'stderr') span.className = 'stderr';
    span.textContent = asText(decode(p));
    out.appendChild(span);
    while (out.textContent.length > MAX_OUTPUT_CHARS && out.firstChild) out.removeChild(out.firstChild);
    out.scrollTop = out.scrollHeight;
  }

  function commandExited(p) {
    const c = state.commands.get(p.process_id);
    if (!c) return;
    const ok = p.exit_code === 0;
    const how = p.timed_out ? 'timed out' : p.signal ? 'killed by ' + p.signal : 'exit ' + p.exit_code;
    setCommandStatus(c.el, ok ? 'ok' : 'failed', how + ' after ' + p.duration_ms + ' ms'
      + (p.truncated ? ' (output truncated)' : ''));
  }

  // ---- terminals ----------------------------------------------------------------------------

  function terminalOpened(p) {
    if (state.terminals.has(p.pty_id)) return;
    const el = $('terminal-template').content.firstElementChild.cloneNode(true);
    el.dataset.ptyId = p.pty_id;
    el.querySelector('.terminal-command').textContent = commandText(p);
    el.querySelector('.terminal-status').textContent = p.status && p.status !== 'running' ? p.status : 'running';
    el.querySelector('.terminal-mode').textContent = state.operator
      ? 'you can type here, alongside the agent' : 'read-only: viewers cannot type';
    $('terminals').appendChild(el);
    const term = new window.Terminal({
      cols: p.cols || 120, rows: p.rows || 32, disableStdin: !state.operator, convertEol: false,
      cursorBlink: state.operator, scrollback: 2000,
    });
    const fit = new window.FitAddon.FitAddon();
    term.loadAddon(fit);
    term.open(el.querySelector('.terminal-screen'));
    const t = { term, fit, el, lastSeq: 0 };
    state.terminals.set(p.pty_id, t);
    if (state.operator) {
      // calls are answered concurrently: one pty.input at a time keeps the keystrokes in order
      let sending = false;
      let pending = '';
      const flush = () => {
        if (sending || !pending) return;
        const data = pending;
        pending = '';
        sending = true;
        call('pty.input', { session_id: state.selected, pty_id: p.pty_id, data })
          .catch((e) => notice('Input failed: ' + e.message))
          .finally(() => { sending = false; flush(); });
      };
      term.onData((data) => { pending += data; flush(); });
      el.querySelector('.fit').addEventListener('click', () => {
        const d = fit.proposeDimensions();
        if (d && d.cols && d.rows) {
          call('pty.resize', { session_id: state.selected, pty_id: p.pty_id, cols: d.cols, rows: d.rows })
            .then(() => term.resize(d.cols, d.rows))
            .catch((e) => notice('Resize failed: ' + e.message));
        }
      });
      el.querySelector('.close-terminal').addEventListener('click', () => {
        call('pty.close', { session_id: state.selected, pty_id: p.pty_id })
          .catch((e) => notice('Close failed: ' + e.message));
      });
    }
  }

  function terminalOutput(p) {
    const t = state.terminals.get(p.pty_id);
    if (!t || p.seq <= t.lastSeq) return;
    t.lastSeq = p.seq;
    t.term.write(decode(p));
  }

  function terminalResized(p) {
    const t = state.terminals.get(p.pty_id);
    if (t) t.term.resize(p.cols, p.rows);
  }

  function terminalTypist(p) {
    const t = state.terminals.get(p.pty_id);
    if (t) t.el.querySelector('.terminal-status').textContent = 'running · last typed by ' + p.by;
  }

  function terminalExited(p) {
    const t = state.terminals.get(p.pty_id);
    if (!t) return;
    t.el.querySelector('.terminal-status').textContent = 'exited ' + p.exit_code + (p.signal ? ' (' + p.signal + ')' : '');
    t.term.options.disableStdin = true;
    t.el.querySelectorAll('.operator-only').forEach((b) => b.remove());
  }

  // ---- approvals ----------------------------------------------------------------------------

  function addApproval(a) {
    if (!state.operator || state.approvals.has(a.approval_id)) return;
    const el = $('approval-template').content.firstElementChild.cloneNode(true);
    el.dataset.approvalId = a.approval_id;
    el.querySelector('.approval-client').textContent = a.client_name;
    el.querySelector('.approval-principal').textContent = a.principal;
    el.querySelector('.approval-command').textContent = a.command_line;
    el.querySelector('.approval-cwd').textContent = 'in ' + a.cwd + ' · ' + a.method;
    el.querySelector('.approval-expires').textContent = 'expires ' + a.expires_at;
    const decide = (decision) => {
      const reason = el.querySelector('.approval-reason').value.trim();
      const params = { approval_id: a.approval_id, decision };
      if (reason) params.reason = reason;
      el.querySelectorAll('button').forEach((b) => { b.disabled = true; });
      call('approval.decide', params).then(() => removeApproval(a.approval_id)).catch((e) => {
        el.querySelectorAll('button').forEach((b) => { b.disabled = false; });
        el.querySelector('.approval-expires').textContent = 'not decided: ' + e.message;
      });
    };
    el.querySelector('.approve').addEventListener('click', () => decide('approve'));
    el.querySelector('.deny').addEventListener('click', () => decide('deny'));
    state.approvals.set(a.approval_id, el);
    $('approvals').appendChild(el);
    $('approvals-empty').hidden = true;
  }

  function removeApproval(id) {
    const el = state.approvals.get(id);
    if (el) {
      el.remove();
      state.approvals.delete(id);
    }
    $('approvals-empty').hidden = state.approvals.size > 0;
  }

  // ---- sign in / out ------------------------------------------------------------------------

  const setStatus = RexdWire.setStatus;
  const showSignIn = RexdWire.showSignIn;

  function init() {
    $('sign-out').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      if (state.wire) state.wire.close();
      location.reload();
    });
    $('close-session').addEventListener('click', () => {
      if (state.selected) {
        call('session.close', { session_id: state.selected }).catch((e) => notice('Close failed: ' + e.message));
      }
    });
    RexdWire.signIn(connect);
  }

  document.addEventListener('DOMContentLoaded', init);
}());
