package dev.rexd.core.sandbox;

import dev.rexd.core.process.Child;
import dev.rexd.core.process.ChildExit;
import dev.rexd.core.process.ProcessGroup;
import dev.rexd.core.process.Signals;
import dev.rexd.core.process.TerminalSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A {@code bwrap} child seen as the program it runs. Its streams are {@code bwrap}'s, which passes
 * the program's through. A plain process's exit is the program's, as its supervisor inside
 * reports it ({@link SandboxStatus}), while what it left running goes on in the sandbox; a
 * terminal's is {@code bwrap}'s. Either way an exit by signal {@code n} comes back as
 * {@code 128 + n}, read as the signal when the server sent it.
 *
 * <p>Its signals go where they mean what they would without a sandbox: KILL to {@code bwrap}'s own
 * group, which takes the sandbox's PID namespace and everything in it down
 * ({@code --die-with-parent}); any other signal, for a plain process, to the program's process
 * group inside the sandbox (also after the program exited, while members remain), and to
 * {@code bwrap} when that group has none left but the sandbox still runs; a terminal's program
 * shares the terminal's session with {@code bwrap}, so its signals go where the delegate sends
 * them.
 *
 * <pre>{@code
 * Child c = new SandboxedChild(delegate.spawn(bwrapSpec), status, true);
 * c.group().signal(Signals.TERM);    // the program and its group get TERM and may clean up
 * }</pre>
 */
final class SandboxedChild implements Child {
  private final Child bwrap;
  private final ProcessGroup group;
  private final CompletableFuture<ChildExit> exit;

  SandboxedChild(Child bwrap, SandboxStatus status, boolean plain) {
    this.bwrap = bwrap;
    this.group = plain ? new ProgramGroup(bwrap, status) : bwrap.group();
    CompletableFuture<ChildExit> bwrapExit = bwrap.exit().thenApply(e -> e.kind() == ChildExit.Kind.EXITED
        ? shellStatus(e.value()) : e);
    this.exit = status.exit().thenCompose((Optional<Integer> reported) -> reported
        .map(s -> CompletableFuture.completedFuture(shellStatus(s))).orElse(bwrapExit));
    if (plain) {
      // what the program left running sees its stdin end with the program, as without a sandbox
      exit.thenRun(this::closeStdin);
    }
  }

  /** A shell's status: {@code 128 + n} is either {@code exit(128 + n)} or signal {@code n}. */
  private static ChildExit shellStatus(int value) {
    return value > 128 ? ChildExit.jdkExitValue(value) : ChildExit.exited(value);
  }

  private void closeStdin() {
    try {
      bwrap.stdin().close();
    } catch (IOException e) {
      // already closed
    }
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
  public boolean outputClosesOnExit() {
    return bwrap.outputClosesOnExit();
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

  @Override
  public CompletableFuture<ChildExit> exit() {
    return exit;
  }

  @Override
  public void resize(TerminalSize size) {
    bwrap.resize(size);
  }

  /** KILL to bwrap's group; anything else to the program's group inside, found on the host. */
  private static final class ProgramGroup implements ProcessGroup {
    private static final long START_MILLIS = 10_000;

    private final Child bwrap;
    private final SandboxStatus status;

    ProgramGroup(Child bwrap, SandboxStatus status) {
      this.bwrap = bwrap;
      this.status = status;
    }

    @Override
    public boolean signal(int signal) {
      if (signal != Signals.KILL) {
        long pgid = programGroup();
        if (pgid > 0 && ProcessGroup.leader(pgid).signal(signal)) {
          return true;
        }
      }
      // no program (yet, or any more): bwrap's own group; ending bwrap ends the sandbox
      return bwrap.group().signal(signal);
    }

    /**
     * Whether the program, or anything it left running, still runs: before the program's exit
     * while the sandbox runs; after it, while the sandbox holds more than its init and the
     * supervisor (which end as soon as nothing else is left).
     */
    @Override
    public boolean alive() {
      if (!bwrap.group().alive()) {
        return false;
      }
      return !status.exit().isDone() || SandboxProcs.running(bwrap.pid(), 3) > 2;
    }

    @Override
    public List<Integer> endSignals() {
      return bwrap.group().endSignals();
    }

    /**
     * The program's process group as the host numbers it, or 0 when it has no member left. A
     * signal sent before the program runs would reach only {@code bwrap}, so this waits for the
     * launcher's report first (milliseconds; it comes at the latest when {@code bwrap} ends).
     */
    private long programGroup() {
      long inside;
      try {
        inside = status.started().get(START_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        return 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
      return inside > 0 ? SandboxProcs.hostGroup(bwrap.pid(), inside) : 0;
    }
  }
}
