package dev.rexd.client;

import dev.rexd.api.json.RexdJson;
import dev.rexd.api.transport.Transport;
import java.util.concurrent.CompletableFuture;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A transport to a hub that names one host: every {@code session.open} that leaves through it
 * carries {@code host} (unless it names one already), so the hub opens the session there; every
 * other frame passes unchanged.
 *
 * <pre>{@code
 * Transport t = new HostRoutingTransport(webSocketToHub, "web-1");
 * }</pre>
 */
final class HostRoutingTransport implements Transport {
  private final Transport hub;
  private final String host;

  HostRoutingTransport(Transport hub, String host) {
    this.hub = hub;
    this.host = host;
  }

  @Override
  public void start(Listener listener) {
    hub.start(listener);
  }

  @Override
  public CompletableFuture<Void> send(String frame) {
    return hub.send(frame.contains("\"session.open\"") ? withHost(frame) : frame);
  }

  private String withHost(String frame) {
    try {
      JsonNode node = RexdJson.mapper().readTree(frame);
      if (node instanceof ObjectNode message && "session.open".equals(message.path("method").asString(""))) {
        JsonNode params = message.get("params");
        ObjectNode p = params instanceof ObjectNode o ? o : message.putObject("params");
        if (!p.has("host")) {
          p.put("host", host);
        }
        return RexdJson.mapper().writeValueAsString(message);
      }
      return frame;
    } catch (JacksonException e) {
      return frame;
    }
  }

  @Override
  public void close() {
    hub.close();
  }

  @Override
  public boolean carriesEvents() {
    return hub.carriesEvents();
  }

  @Override
  public String toString() {
    return hub + " (host " + host + ")";
  }
}
