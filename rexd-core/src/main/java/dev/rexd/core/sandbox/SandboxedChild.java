package dev.rexd.core.sandbox;

import dev.rexd.core.process.Child;
import dev.rexd.core.process.ChildExit;
import dev.rexd.core.process.ProcessGroup;
import dev.rexd.core.process.Signals;
import dev.rexd.core.process.TerminalSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A {@code bwrap} child seen as the program it runs. Its streams and exit are {@code bwrap}'s,
 * which passes the program's through (an exit by signal {@code n} comes back as {@code 128 + n},
 * read as the signal when the server sent it).
 * Its signals go where they mean what they would without a sandbox: KILL to {@code bwrap}'s own
 * group, which takes the sandbox's PID namespace down with it ({@code --die-with-parent}); any
 * other signal, for a plain process, to the process group of the sandbox's init, which the program
 * and what it starts share (the init itself ignores it); a terminal's program shares the terminal's
 * session with {@code bwrap}, so its signals go where the delegate sends them.
 *
 * <pre>{@code
 * Child c = new SandboxedChild(delegate.spawn(bwrapSpec), true);
 * c.group().signal(Signals.TERM);    // the program gets TERM and may clean up
 * }</pre>
 */
final class SandboxedChild implements Child {
  private final Child bwrap;
  private final ProcessGroup group;

  SandboxedChild(Child bwrap, boolean ownSession) {
    this.bwrap = bwrap;
    this.group = ownSession ? new InnerGroup(bwrap) : bwrap.group();
  }

  @Override
  public long pid() {
    return bwrap.pid();
  }

  @Override
  public ProcessGroup group() {
    return group;
  }

  @Override
  public void awaitGroup() {
    bwrap.awaitGroup();
  }

  @Override
  public OutputStream stdin() {
    return bwrap.stdin();
  }

  @Override
  public InputStream stdout() {
    return bwrap.stdout();
  }

  @Override
  public @Nullable InputStream stderr() {
    return bwrap.stderr();
  }

  /**
   * bwrap reports the program's death by signal {@code n} as {@code exit(128 + n)}: handed on as an
   * exit value that means the signal when the server sent it (as the portable spawner's are).
   */
  @Override
  public CompletableFuture<ChildExit> exit() {
    return bwrap.exit().thenApply(e -> e.kind() == ChildExit.Kind.EXITED && e.value() > 128
        ? ChildExit.jdkExitValue(e.value()) : e);
  }

  @Override
  public void resize(TerminalSize size) {
    bwrap.resize(size);
  }

  /** KILL to bwrap's group; anything else to the group of the sandbox's init, found as bwrap's child. */
  private static final class InnerGroup implements ProcessGroup {
    private static final long READY_NANOS = 1_000_000_000L;

    private final Child bwrap;

    InnerGroup(Child bwrap) {
      this.bwrap = bwrap;
    }

    @Override
    public boolean signal(int signal) {
      if (signal != Signals.KILL) {
        long init = sandboxReady(bwrap.pid());
        if (init > 0 && ProcessGroup.leader(init).signal(signal)) {
          return true;
        }
      }
      // no sandbox (or no program in it) yet, or no more: bwrap's own group; ending bwrap ends the sandbox
      return bwrap.group().signal(signal);
    }

    @Override
    public boolean alive() {
      return bwrap.group().alive();
    }

    @Override
    public List<Integer> endSignals() {
      return bwrap.group().endSignals();
    }

    /**
     * The sandbox's init once the program runs under it: bwrap forks the init (pid 1 inside) as its
     * only child, and the init forks the program. A signal sent to the init's group before the
     * program exists would reach only the init, which ignores it; a start takes milliseconds, so
     * this waits up to a second for the program, then gives up (0).
     */
    private long sandboxReady(long bwrapPid) {
      long deadline = System.nanoTime() + READY_NANOS;
      do {
        long init = firstChild(bwrapPid);
        if (init > 0 && firstChild(init) > 0) {
          return init;
        }
        if (!bwrap.group().alive()) {
          return 0;
        }
        LockSupport.parkNanos(1_000_000);
      } while (System.nanoTime() < deadline);
      return 0;
    }

    private static long firstChild(long pid) {
      try {
        String children = Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children")).strip();
        return children.isEmpty() ? 0 : Long.parseLong(children.split(" ")[0]);
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }
  }
}
