package dev.rexd.transport.http;

import dev.rexd.api.transport.Transport;
import dev.rexd.transport.http.client.HttpRpcTransport;
import dev.rexd.transport.http.server.RexdHttpServer;

/**
 * The typed client's contract over {@code POST /rpc}, with a token, through the OkHttp transport.
 * POST carries no events, so the client polls a process's output ({@code exec.output},
 * {@code exec.wait}); terminals need events and are refused at once, which the suite checks instead
 * of running one.
 */
class HttpPostClientContractTest extends HttpServerClientContract {

  @Override
  protected Transport connect(RexdHttpServer http) {
    return HttpRpcTransport.builder(http.rpcUri()).token(TOKEN).build();
  }

  @Override
  protected boolean carriesEvents() {
    return false;
  }

  @Override
  protected boolean aFailureEndsTheClient() {
    return false;
  }
}
