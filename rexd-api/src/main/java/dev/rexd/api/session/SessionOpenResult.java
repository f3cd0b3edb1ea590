package dev.rexd.api.session;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Result of {@code session.open}: the id, what the server offers and every effective limit; with
 * {@code sandbox} when processes run sandboxed (which limits bind there).
 *
 * <pre>{@code
 * long cap = result.limits().get("max_output_bytes");
 * }</pre>
 */
public record SessionOpenResult(
    String sessionId,
    String protocol,
    String serverVersion,
    List<String> capabilities,
    Map<String, Long> limits,
    List<String> workspaceRoots,
    @Nullable SandboxInfo sandbox) {

  /** A result without sandbox information: the server does not sandbox its processes. */
  public SessionOpenResult(String sessionId, String protocol, String serverVersion, List<String> capabilities,
      Map<String, Long> limits, List<String> workspaceRoots) {
    this(sessionId, protocol, serverVersion, capabilities, limits, workspaceRoots, null);
  }
}
