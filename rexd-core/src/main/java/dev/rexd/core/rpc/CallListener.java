package dev.rexd.core.rpc;

import dev.rexd.core.auth.Principal;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Hears every finished call: the audit log, the metrics. Quick; must not throw.
 *
 * <pre>{@code
 * CallListener both = CallListener.all(List.of(auditLog, metrics));
 * }</pre>
 */
@FunctionalInterface
public interface CallListener {
  void called(Principal principal, String method, @Nullable JsonNode params, CallOutcome outcome,
      long elapsedNanos);

  /** Tells each listener in turn. */
  static CallListener all(List<CallListener> listeners) {
    List<CallListener> copy = List.copyOf(listeners);
    return (principal, method, params, outcome, nanos) -> copy.forEach(
        l -> l.called(principal, method, params, outcome, nanos));
  }
}
