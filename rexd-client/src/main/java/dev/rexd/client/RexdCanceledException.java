package dev.rexd.client;

import dev.rexd.api.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * A call ended because it was canceled ({@link ExecCall#cancel()}, a canceled future) or because the
 * waiting thread was interrupted (its interrupt flag is set again).
 *
 * <pre>{@code
 * ExecCall call = session.exec("sleep", "60");
 * CompletableFuture<ExecResult> f = call.runAsync();
 * call.cancel();   // f fails with RexdCanceledException and the process group is killed
 * }</pre>
 */
public final class RexdCanceledException extends RexdClientException {
  private static final long serialVersionUID = 1L;

  /** A cancellation with this message and optional cause. */
  public RexdCanceledException(String message, @Nullable Throwable cause) {
    super(ErrorCode.INTERNAL_ERROR, "canceled", message, cause);
  }
}
