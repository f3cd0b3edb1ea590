package dev.rexd.api.session;

import java.util.Map;

/**
 * How a server sandboxes its processes, as {@code session.open} reports it: the mechanism, whether
 * sandboxed processes have a network, and each configured resource limit with whether this host
 * enforces it.
 *
 * <pre>{@code
 * SandboxInfo s = result.sandbox();
 * if (s != null && !s.limits().get("max_processes").enforced()) { ... }
 * }</pre>
 *
 * @param mode {@code bwrap}
 * @param network whether sandboxed processes share the host's network
 * @param limits each configured limit by its config name ({@code max_memory_mb}, ...)
 */
public record SandboxInfo(String mode, boolean network, Map<String, Limit> limits) {
  public SandboxInfo {
    limits = Map.copyOf(limits);
  }

  /**
   * One limit.
   *
   * @param value the configured value
   * @param enforced whether the host makes it bind
   * @param how what enforces it, or why nothing does
   */
  public record Limit(long value, boolean enforced, String how) {}
}
