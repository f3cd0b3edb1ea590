package dev.rexd.core.process;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A started child, whichever {@link Spawner} started it, on pipes or on a pseudo-terminal:
 * callers cannot tell but for {@link #stderr()} (null on a terminal, whose output is one stream)
 * and {@link #resize}. The spawner closes a piped child's stdin once the child exited (so a
 * background job reading it sees EOF); the caller reads the output streams to EOF and closes them.
 *
 * <pre>{@code
 * Child c = spawner.spawn(spec);
 * c.awaitGroup();                     // before the first signal to c.group()
 * byte[] out = c.stdout().readAllBytes();
 * ChildExit how = c.exit().join();
 * }</pre>
 */
public interface Child {
  long pid();

  /** Where the server's signals for this child go. */
  ProcessGroup group();

  /** Returns once {@link #group()} exists (or the child already ended): a signal sent earlier could be lost. */
  void awaitGroup();

  OutputStream stdin();

  /** The child's stdout, or everything a terminal shows. */
  InputStream stdout();

  /** The child's stderr, or null on a terminal (merged into {@link #stdout()}). */
  @Nullable InputStream stderr();

  /** Completes once the child ended and was reaped (never exceptionally). */
  CompletableFuture<ChildExit> exit();

  /**
   * Whether something other than its reader may close the output streams once the child exits
   * (the JDK drains and closes a {@link Process}'s pipes when it reaps it): a reader that must see
   * every writer's output, background jobs included, then has to hold the streams from before the
   * child can exit. False where only the reader closes them.
   */
  default boolean outputClosesOnExit() {
    return true;
  }

  /** Sets a terminal's size (the program gets {@code SIGWINCH}); a child on pipes has none. */
  default void resize(TerminalSize size) {
    throw new UnsupportedOperationException("not a terminal");
  }
}
