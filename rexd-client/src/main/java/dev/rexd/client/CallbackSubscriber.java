package dev.rexd.client;

import dev.rexd.api.exec.StreamName;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Adapts output callbacks to a subscriber with unbounded demand: a slow callback fills the output
 * buffer and so slows the server, it never loses output. A callback that throws is logged and the
 * next chunk is still delivered.
 *
 * <pre>{@code
 * publisher.subscribe(new CallbackSubscriber(out::append, null, null));
 * }</pre>
 */
final class CallbackSubscriber implements Flow.Subscriber<Chunk> {
  private static final System.Logger LOG = System.getLogger(CallbackSubscriber.class.getName());

  private final @Nullable Consumer<Chunk> onStdout;
  private final @Nullable Consumer<Chunk> onStderr;
  private final @Nullable Consumer<Chunk> onOutput;

  CallbackSubscriber(@Nullable Consumer<Chunk> onStdout, @Nullable Consumer<Chunk> onStderr,
      @Nullable Consumer<Chunk> onOutput) {
    this.onStdout = onStdout;
    this.onStderr = onStderr;
    this.onOutput = onOutput;
  }

  /** {@code callback} with what it throws logged instead of lost. */
  static <T> Consumer<T> logged(Consumer<T> callback, String what) {
    return value -> {
      try {
        callback.accept(value);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "an " + what + " callback threw", e);
      }
    };
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(Chunk chunk) {
    deliver(chunk.stream() == StreamName.STDOUT ? onStdout : onStderr, chunk);
    deliver(onOutput, chunk);
  }

  private static void deliver(@Nullable Consumer<Chunk> callback, Chunk chunk) {
    if (callback != null) {
      logged(callback, "output").accept(chunk);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    // the exit future reports how the stream ended
  }

  @Override
  public void onComplete() {
    // the exit future reports how the stream ended
  }
}
