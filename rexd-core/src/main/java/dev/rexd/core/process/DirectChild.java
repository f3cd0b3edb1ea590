package dev.rexd.core.process;

import com.sun.jna.LastErrorException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A child started by {@link DirectSpawner}: it leads its own session and group from the moment
 * {@code posix_spawn} returned, its streams are {@link PipeEnd}s, and {@link #reap()}, run on a
 * reaper thread, waits for exactly this pid ({@code waitpid(pid, &status, 0)}, never
 * {@code waitpid(-1)}), so the exit code or signal is exact. Then, like the JDK, it closes the
 * child's stdin.
 *
 * <pre>{@code
 * DirectChild child = new DirectChild(pid, stdin, stdout, stderr);
 * ProcessThreads.run("rexd-exec-reaper-" + pid, child::reap);
 * ChildExit how = child.exit().join();
 * }</pre>
 */
final class DirectChild implements Child {
  private static final System.Logger LOG = System.getLogger(DirectChild.class.getName());
  private static final int EINTR = 4;

  private final int pid;
  private final ProcessGroup group;
  private final PipeEnd stdin;
  private final OutputStream stdinStream;
  private final InputStream stdout;
  private final InputStream stderr;
  private final CompletableFuture<ChildExit> exit = new CompletableFuture<>();

  DirectChild(int pid, PipeEnd stdin, PipeEnd stdout, PipeEnd stderr) {
    this.pid = pid;
    this.group = ProcessGroup.leader(pid);
    this.stdin = stdin;
    this.stdinStream = stdin.outputStream();
    this.stdout = stdout.inputStream();
    this.stderr = stderr.inputStream();
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public ProcessGroup group() {
    return group;
  }

  /** Nothing to wait for: the child called {@code setsid} before {@code posix_spawn} returned. */
  @Override
  public void awaitGroup() {
    // formed already
  }

  /** Only the reader closes the pipes this server reads itself. */
  @Override
  public boolean outputClosesOnExit() {
    return false;
  }

  @Override
  public OutputStream stdin() {
    return stdinStream;
  }

  @Override
  public InputStream stdout() {
    return stdout;
  }

  @Override
  public InputStream stderr() {
    return stderr;
  }

  @Override
  public CompletableFuture<ChildExit> exit() {
    return exit;
  }

  /** Blocks until the child ended, reaps it, closes its stdin and completes {@link #exit()}. */
  void reap() {
    ChildExit how = ChildExit.exited(-1);
    try {
      how = waitpid();
    } finally {
      stdin.close();
      exit.complete(how);
    }
  }

  private ChildExit waitpid() {
    int[] status = new int[1];
    while (true) {
      try {
        Libc.waitpid(pid, status, 0);
        return ChildExit.ofWaitStatus(status[0]);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != EINTR) {
          // ECHILD: someone else reaped it, which nothing in this server does
          LOG.log(System.Logger.Level.WARNING, "cannot wait for process " + pid + ": "
              + SpawnErrors.describe(e.getErrorCode()) + "; reporting exit code -1");
          return ChildExit.exited(-1);
        }
      }
    }
  }
}
