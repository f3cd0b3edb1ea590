/**
 * The client side of HTTP and WebSocket: {@link dev.rexd.transport.http.client.HttpRpcTransport}
 * (OkHttp, one {@code POST /rpc} per frame, no events) and
 * {@link dev.rexd.transport.http.client.WebSocketTransport} (Tyrus, responses and events), both
 * with a bearer token, TLS through {@link dev.rexd.transport.http.client.ClientTls}, and timeouts.
 */
@NullMarked
package dev.rexd.transport.http.client;

import org.jspecify.annotations.NullMarked;
