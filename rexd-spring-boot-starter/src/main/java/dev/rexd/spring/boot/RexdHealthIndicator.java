package dev.rexd.spring.boot;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import dev.rexd.core.RexdServer;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up when the embedded server is running and the client's server answers a session open; the
 * details name the server's roots and capabilities and the client's server version.
 *
 * <pre>{@code
 * {"status":"UP","details":{"server":{"roots":["/srv/app"],...},"client":{"server_version":"0.1.0"}}}
 * }</pre>
 */
final class RexdHealthIndicator extends AbstractHealthIndicator {
  private final ObjectProvider<RexdServer> server;
  private final ObjectProvider<RexdClient> client;

  RexdHealthIndicator(ObjectProvider<RexdServer> server, ObjectProvider<RexdClient> client) {
    super("rexd health check failed");
    this.server = server;
    this.client = client;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    RexdServer s = server.getIfAvailable();
    if (s != null) {
      health.withDetail("server", Map.of(
          "roots", s.allowedRoots().stream().map(Object::toString).toList(),
          "capabilities", s.capabilities()));
    }
    RexdClient c = client.getIfAvailable();
    if (c != null) {
      try (RexdSession session = c.openSession("health-check")) {
        health.withDetail("client", Map.of("server_version", session.serverVersion()));
      }
    }
    health.up();
  }
}
