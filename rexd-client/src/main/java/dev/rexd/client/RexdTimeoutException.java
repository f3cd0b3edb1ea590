package dev.rexd.client;

import dev.rexd.api.ErrorCode;
import java.time.Duration;

/**
 * A call did not finish within its client-side deadline (the client's call timeout, or an exec's
 * timeout plus that grace). A server-side {@code -32003} is a {@link RexdRemoteException} instead.
 *
 * <pre>{@code
 * try {
 *   client.newBuilder().callTimeout(Duration.ofSeconds(2)).build().openSession("agent");
 * } catch (RexdTimeoutException e) {
 *   Duration waited = e.timeout();
 * }
 * }</pre>
 */
public final class RexdTimeoutException extends RexdClientException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final transient Duration timeout;

  /** {@code operation} (a method name or a description) did not finish within {@code timeout}. */
  public RexdTimeoutException(String operation, Duration timeout) {
    super(ErrorCode.TIMEOUT, "deadline_passed", operation + " did not finish within " + timeout.toMillis() + " ms",
        null);
    this.operation = operation;
    this.timeout = timeout;
  }

  /** What timed out, e.g. {@code fs.read}. */
  public String operation() {
    return operation;
  }

  /** The deadline that passed. */
  public Duration timeout() {
    return timeout;
  }
}
