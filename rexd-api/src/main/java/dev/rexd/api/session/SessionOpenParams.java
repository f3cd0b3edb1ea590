package dev.rexd.api.session;

import dev.rexd.api.Require;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code session.open}.
 *
 * <pre>{@code
 * new SessionOpenParams("my-agent", "1.0", List.of("/srv/app"), null)
 * }</pre>
 */
public record SessionOpenParams(
    String clientName,
    @Nullable String clientVersion,
    @Nullable List<String> workspaceRoots,
    @Nullable List<String> requestedCapabilities) {
  public SessionOpenParams {
    Require.present(clientName, "client_name");
  }

  /** Params with only a client name: all configured roots. */
  public static SessionOpenParams named(String clientName) {
    return new SessionOpenParams(clientName, null, null, null);
  }
}
