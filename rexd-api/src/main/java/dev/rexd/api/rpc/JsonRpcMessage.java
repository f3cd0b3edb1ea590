package dev.rexd.api.rpc;

/**
 * One JSON-RPC 2.0 message: a request, a notification or a response.
 *
 * <pre>{@code
 * if (msg instanceof JsonRpcRequest r) { handle(r.method(), r.params()); }
 * }</pre>
 */
public sealed interface JsonRpcMessage permits JsonRpcRequest, JsonRpcNotification, JsonRpcResponse {}
