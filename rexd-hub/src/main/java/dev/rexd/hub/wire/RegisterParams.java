package dev.rexd.hub.wire;

import java.util.List;
import java.util.Map;

/**
 * {@code hub.register}: what a host tells the hub about itself once its control connection is up.
 *
 * <pre>{@code
 * new RegisterParams("web-1", RexdServer.VERSION, server.capabilities(), Map.of("region", "eu"));
 * }</pre>
 */
public record RegisterParams(String name, String serverVersion, List<String> capabilities, Map<String, String> labels) {
  public RegisterParams {
    capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
