package dev.rexd.api.session;

import java.util.List;
import java.util.Map;

/**
 * Result of {@code session.open}: the id, what the server offers and every effective limit.
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
    List<String> workspaceRoots) {}
