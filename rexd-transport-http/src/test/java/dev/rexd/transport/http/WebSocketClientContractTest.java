package dev.rexd.transport.http;

import dev.rexd.api.transport.Transport;
import dev.rexd.transport.http.client.WebSocketTransport;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.io.IOException;

/** The typed client's contract over a real WebSocket, with a token, through the Tyrus transport. */
class WebSocketClientContractTest extends HttpServerClientContract {

  @Override
  protected Transport connect(RexdHttpServer http) throws IOException {
    return WebSocketTransport.builder(http.wsUri()).token(TOKEN).connect();
  }
}
