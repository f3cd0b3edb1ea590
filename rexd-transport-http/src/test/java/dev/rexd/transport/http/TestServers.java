package dev.rexd.transport.http;

import dev.rexd.core.RexdServer;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.time.Duration;

/**
 * Embedded servers for tests: loopback, an ephemeral port, and no graceful wait on close (idle
 * keep-alive connections of test clients would otherwise hold each close for the stop timeout).
 *
 * <pre>{@code
 * RexdHttpServer http = TestServers.http(server).token("t").start();
 * }</pre>
 */
final class TestServers {
  private TestServers() {}

  static RexdHttpServer.Builder http(RexdServer server) {
    return RexdHttpServer.builder(server).listen("127.0.0.1", 0).stopTimeout(Duration.ZERO);
  }
}
