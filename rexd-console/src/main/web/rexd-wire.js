// What the console's pages share: signing in, and the protocol over the WebSocket (each call
// answered through a promise, each event handed to a callback). The token travels as the
// WebSocket subprotocol (never in a URL) and is kept in this tab's session storage under
// TOKEN_KEY, so signing in on one page signs in the others in the same tab.
'use strict';

window.RexdWire = (function () {
  const TOKEN_KEY = 'rexd.console.token';

  function meta(name, fallback) {
    const m = document.querySelector('meta[name="' + name + '"]');
    return m && m.content.startsWith('/') ? m.content : fallback;
  }

  function wsUrl() {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + meta('rexd-ws-path', '/ws');
  }

  const $ = (id) => document.getElementById(id);

  function setStatus(text) {
    $('status').textContent = text;
  }

  function showSignIn(error) {
    $('app').hidden = true;
    if ($('sign-out')) $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    $('sign-in-error').textContent = error || '';
    setStatus('');
  }

  // Signs in with the token this tab keeps, or asks for one; then calls connectWith(token).
  function signIn(connectWith) {
    $('sign-in-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const token = $('token').value.trim();
      $('token').value = '';
      if (!token) return;
      sessionStorage.setItem(TOKEN_KEY, token);
      connectWith(token);
    });
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) {
      connectWith(saved);
    } else {
      showSignIn('');
    }
  }

  // Connects with token; handlers: onOpen(), onEvent(method, params), and optionally
  // onClose(code) once an open connection ended. The page's status line follows the connection;
  // a refused token is forgotten and the sign-in form shown again.
  function connect(token, handlers) {
    const pending = new Map();
    let nextId = 1;
    let opened = false;
    setStatus('connecting…');
    const ws = new WebSocket(wsUrl(), ['rexd.bearer.' + token]);
    ws.onopen = () => {
      opened = true;
      setStatus('connected');
      handlers.onOpen();
    };
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      if (msg.method) {
        handlers.onEvent(msg.method, msg.params || {});
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error) {
        const e = new Error(msg.error.message);
        e.code = msg.error.code;
        e.data = msg.error.data || {};
        p.reject(e);
      } else {
        p.resolve(msg.result);
      }
    };
    ws.onclose = (ev) => {
      pending.forEach((p) => p.reject(new Error('connection closed')));
      pending.clear();
      if (opened) {
        setStatus('disconnected');
        if (handlers.onClose) handlers.onClose(ev.code);
      } else {
        sessionStorage.removeItem(TOKEN_KEY);
        showSignIn('The server refused this token or JWT.');
      }
    };
    function call(method, params) {
      return new Promise((resolve, reject) => {
        if (ws.readyState !== WebSocket.OPEN) {
          reject(new Error('not connected'));
          return;
        }
        const id = nextId++;
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params: params || {} }));
      });
    }
    return { call, close: () => ws.close() };
  }

  return { TOKEN_KEY, meta, connect, setStatus, showSignIn, signIn };
}());
