package dev.rexd.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking waits on the client's futures that throw the client's own exceptions instead of
 * {@link ExecutionException}.
 *
 * <pre>{@code
 * JsonNode result = Await.get(connection.request("fs.stat", params, timeout, null));
 * }</pre>
 */
final class Await {
  private Await() {}

  /** The future's value; its failure as a {@link RexdClientException} (or the original unchecked one). */
  static <T> T get(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException | CancellationException | InterruptedException e) {
      throw failure(e);
    }
  }

  /** The future's value if it completes within {@code timeout}, else empty. */
  static <T> Optional<T> within(CompletableFuture<T> future, Duration timeout) {
    try {
      return Optional.of(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException | CancellationException | InterruptedException e) {
      throw failure(e);
    }
  }

  /** What a wait that did not return a value throws; an interrupt stays set on the thread. */
  private static RuntimeException failure(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new RexdCanceledException("interrupted while waiting", e);
    }
    if (e instanceof CancellationException) {
      return new RexdCanceledException("canceled", e);
    }
    return unwrap(e);
  }

  /** The exception to rethrow for a failed future: the cause itself when unchecked. */
  static RuntimeException unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof CancellationException) {
      return new RexdCanceledException("canceled", t);
    }
    if (t instanceof RuntimeException) {
      return (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    return new RexdClientException(String.valueOf(t.getMessage()), t);
  }
}
