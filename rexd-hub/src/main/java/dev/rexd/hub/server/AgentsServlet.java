package dev.rexd.hub.server;

import dev.rexd.core.auth.Authenticator;
import dev.rexd.hub.wire.HubProtocol;
import dev.rexd.transport.http.server.HttpSecurity.Refusal;
import dev.rexd.transport.http.server.TransportUpgrader;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /agents} (a host's control connection) and {@code GET /agents/data} (one of its data
 * connections): the host names itself in {@code Rexd-Host} and proves it with its token in
 * {@code Authorization: Bearer} (a header no web page can set on a WebSocket); the token must be
 * the one configured for that name, or a JWT whose {@code host} claim is that name. A client's credential never registers a host.
 * A data connection must name, in {@code Rexd-Channel}, a channel the hub asked that host for.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new AgentsServlet(false, hosts, clients, registry, upgrader, max)), "/agents");
 * }</pre>
 */
final class AgentsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final String BEARER = "Bearer ";

  private final boolean data;
  private final transient HostCredentials hosts;
  private final transient Authenticator clients;
  private final transient HostRegistry registry;
  private final transient TransportUpgrader upgrader;
  private final int maxMessageBytes;

  AgentsServlet(boolean data, HostCredentials hosts, Authenticator clients, HostRegistry registry,
      TransportUpgrader upgrader, int maxMessageBytes) {
    this.data = data;
    this.hosts = hosts;
    this.clients = clients;
    this.registry = registry;
    this.upgrader = upgrader;
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String name = req.getHeader(HubProtocol.HOST_HEADER);
    Refusal refusal = check(req, name);
    if (refusal != null) {
      TransportUpgrader.refuse(req, resp, refusal);
      return;
    }
    String host = java.util.Objects.requireNonNull(name);
    byte[] credential = java.util.Objects.requireNonNull(hosts.identify(bearer(req))).credential();
    if (!data) {
      upgrader.upgrade(req, resp, maxMessageBytes, socket -> socket.start(new HostLink(host, credential, socket, registry)));
      return;
    }
    String channel = req.getHeader(HubProtocol.CHANNEL_HEADER);
    HostLink link = registry.current(host);
    if (channel == null || link == null || !link.expects(channel)) {
      TransportUpgrader.refuse(req, resp, new Refusal(403, "unknown_channel",
          "the hub asked host " + host + " for no such channel"));
      return;
    }
    upgrader.upgrade(req, resp, maxMessageBytes, socket -> {
      if (!link.channelArrived(channel, socket)) {
        throw new IllegalStateException("channel " + channel + " is no longer expected");
      }
    });
  }

  private @Nullable Refusal check(HttpServletRequest req, @Nullable String name) {
    if (!"GET".equals(req.getMethod())) {
      return new Refusal(400, "method_not_allowed", "hosts connect with a WebSocket GET");
    }
    if (Collections.list(req.getHeaders("Authorization")).size() > 1) {
      return new Refusal(400, "duplicate_authorization", "more than one Authorization header");
    }
    String token = bearer(req);
    if (token.isEmpty()) {
      return new Refusal(401, "unauthorized", "a host sends its token in Authorization: Bearer");
    }
    if (name == null || !HubProtocol.isHostName(name)) {
      return new Refusal(400, "invalid_host_name", "the " + HubProtocol.HOST_HEADER
          + " header must be a host name ([a-z0-9][a-z0-9-]{0,62})");
    }
    HostCredentials.Match match = hosts.identify(token);
    String owner = match == null ? null : match.host();
    if (owner == null) {
      return clients.authenticate(token) != null
          ? new Refusal(403, "client_credential", "a client's credential cannot register a host")
          : new Refusal(401, "unauthorized", "no host has this token");
    }
    if (!owner.equals(name)) {
      return new Refusal(403, "wrong_host", "this token belongs to another host");
    }
    return null;
  }

  private static String bearer(HttpServletRequest req) {
    String header = req.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return "";
    }
    return header.substring(BEARER.length()).trim();
  }
}
