/**
 * The server side of HTTP and WebSocket: {@link dev.rexd.transport.http.server.RpcServlet} for
 * {@code POST /rpc}, {@link dev.rexd.transport.http.server.RexdWebSocketServlet} for the
 * {@code /ws} upgrade, both guarded by {@link dev.rexd.transport.http.server.HttpSecurity} (applied
 * to any servlet by {@link dev.rexd.transport.http.server.RexdSecurityFilter}), and
 * {@link dev.rexd.transport.http.server.RexdHttpServer}, an embedded Jetty 12 that mounts them and
 * any further servlet behind the same checks.
 */
@NullMarked
package dev.rexd.transport.http.server;

import org.jspecify.annotations.NullMarked;
