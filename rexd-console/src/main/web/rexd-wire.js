// The protocol over the WebSocket, for the console's pages: each call is answered through a
// promise, each event handed to a callback. The token travels as the WebSocket subprotocol (never
// in a URL) and is kept in this tab's session storage under TOKEN_KEY, shared by the pages.
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

  // handlers: onOpen(), onEvent(method, params), onClose(wasOpen)
  function connect(token, handlers) {
    const pending = new Map();
    let nextId = 1;
    let opened = false;
    const ws = new WebSocket(wsUrl(), ['rexd.bearer.' + token]);
    ws.onopen = () => {
      opened = true;
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
    ws.onclose = () => {
      pending.forEach((p) => p.reject(new Error('connection closed')));
      pending.clear();
      handlers.onClose(opened);
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

  return { TOKEN_KEY, meta, connect };
}());
