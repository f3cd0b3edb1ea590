package dev.rexd.hub.server;

import dev.rexd.transport.http.server.HttpCaller;
import dev.rexd.transport.http.server.HttpSecurity;
import dev.rexd.transport.http.server.HttpSecurity.Refusal;
import dev.rexd.transport.http.server.RexdSecurityFilter;
import dev.rexd.transport.http.server.TransportUpgrader;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code GET /ws} of the hub: a client authenticates as it would with a rexd server
 * ({@link HttpSecurity}: token or JWT, Origin, Host), then its socket is relayed to the hosts it
 * names ({@link ClientRelay}). A host's token never acts as a client.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new ClientServlet(security, hosts, relays, upgrader, max)), "/ws");
 * }</pre>
 */
final class ClientServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient HttpSecurity security;
  private final transient HostCredentials hosts;
  private final transient RelayFactory relays;
  private final transient TransportUpgrader upgrader;
  private final int maxMessageBytes;

  /** Makes the relay of one admitted client socket. */
  @FunctionalInterface
  interface RelayFactory {
    ClientRelay create(dev.rexd.api.transport.Transport socket, dev.rexd.core.auth.Principal caller);
  }

  ClientServlet(HttpSecurity security, HostCredentials hosts, RelayFactory relays, TransportUpgrader upgrader,
      int maxMessageBytes) {
    this.security = security;
    this.hosts = hosts;
    this.relays = relays;
    this.upgrader = upgrader;
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    HttpCaller caller = RexdSecurityFilter.admit(security, req, resp);
    if (caller == null) {
      return;
    }
    if (presentsHostToken(req)) {
      TransportUpgrader.refuse(req, resp, new Refusal(403, "host_credential", "a host's token cannot act as a client"));
      return;
    }
    if (!"GET".equals(req.getMethod())) {
      TransportUpgrader.refuse(req, resp, new Refusal(400, "method_not_allowed", "clients connect with a WebSocket GET"));
      return;
    }
    upgrader.upgrade(req, resp, maxMessageBytes, socket -> socket.start(relays.create(socket, caller.asPrincipal())));
  }

  /** Whether any credential the request carries (header or subprotocol) is a host's token. */
  private boolean presentsHostToken(HttpServletRequest req) {
    List<String> candidates = new ArrayList<>();
    String header = req.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      candidates.add(header.substring(7).trim());
    }
    for (String value : Collections.list(req.getHeaders("Sec-WebSocket-Protocol"))) {
      for (String p : value.split(",")) {
        String s = p.trim();
        if (s.startsWith(HttpSecurity.BEARER_SUBPROTOCOL_PREFIX)) {
          candidates.add(s.substring(HttpSecurity.BEARER_SUBPROTOCOL_PREFIX.length()));
        }
      }
    }
    return candidates.stream().anyMatch(c -> hosts.identify(c) != null);
  }
}
