package dev.rexd.core.exec;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A started child process, whichever {@link Spawner} started it: its pid, where its signals go,
 * the server's ends of its three standard streams, and how it ended. The spawner closes the
 * child's stdin once the child exited (so a background job reading it sees EOF); the caller reads
 * stdout and stderr to EOF and closes them.
 *
 * <pre>{@code
 * Child c = spawner.spawn(request);
 * c.awaitGroup();                     // before the first signal to c.group()
 * byte[] out = c.stdout().readAllBytes();
 * ChildExit how = c.waitFor();
 * }</pre>
 */
interface Child {
  long pid();

  /** Where the server's signals for this child go. */
  ProcessGroup group();

  /** Returns once {@link #group()} exists (or the child already ended): a signal sent earlier could be lost. */
  void awaitGroup();

  OutputStream stdin();

  InputStream stdout();

  InputStream stderr();

  /** Blocks until the child ended and was reaped. */
  ChildExit waitFor() throws InterruptedException;
}
