package dev.rexd.core.process;

import dev.rexd.api.RexdException;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link ProcessHooks#beforeStart}: allowed, or refused with the error the caller
 * gets (for approvals, {@code -32009 not_approved}).
 *
 * <pre>{@code
 * return CompletableFuture.completedFuture(Verdict.deny(RexdException.of(code, reason, "denied by the operator")));
 * }</pre>
 *
 * @param refusal the error to answer with, or null when the start may go on
 */
public record Verdict(@Nullable RexdException refusal) {
  /** The start may go on. */
  public static final Verdict ALLOW = new Verdict(null);

  /** The start is refused with {@code error}. */
  public static Verdict deny(RexdException error) {
    return new Verdict(error);
  }

  public boolean allowed() {
    return refusal == null;
  }
}
