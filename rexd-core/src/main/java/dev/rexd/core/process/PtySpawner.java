package dev.rexd.core.process;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Starts children on pseudo-terminals through pty4j: the program leads its own Unix session with
 * the terminal as its controlling terminal, and the server ends it by hanging up that session
 * ({@link ProcessGroup#unixSession}). pty4j takes the program as {@code argv[0]}, so the program
 * sees its resolved path there; a shell sets the terminal's size before it becomes the program
 * ({@link #sizedFirst}). Each child is waited for by a daemon thread
 * ({@code rexd-pty-wait-N}). Loaded only when pty4j is on the class path (see {@link Spawners}).
 *
 * <pre>{@code
 * Child c = new PtySpawner().spawn(spec.onTerminal(new TerminalSize(120, 32)));
 * }</pre>
 */
final class PtySpawner implements Spawner {
  private static final AtomicInteger WAITERS = new AtomicInteger();
  private static final long CHDIR_WAIT_MILLIS = 10_000;
  private static final Path SHELL = Path.of("/bin/sh");
  /** {@code stty} by full path (the child's {@code PATH} may not name it), or null with no shell or stty. */
  private static final @Nullable Path STTY = Files.isExecutable(SHELL)
      ? Stream.of("/usr/bin/stty", "/bin/stty").map(Path::of).filter(Files::isExecutable).findFirst().orElse(null)
      : null;

  @Override
  public Child spawn(ChildSpec spec) {
    TerminalSize size = spec.terminal();
    if (size == null) {
      throw new IllegalArgumentException("PtySpawner runs children on terminals only");
    }
    List<String> argv = spec.argv();
    PtyNativeCache.useOnce();
    PtyProcess process;
    try {
      process = new PtyProcessBuilder(sizedFirst(spec, size))
          .setEnvironment(spec.env())
          .setDirectory(spec.startDirectory().toString())
          .setInitialColumns(size.cols())
          .setInitialRows(size.rows())
          // the server keeps the terminal open (write-only, so it never becomes its controlling
          // terminal) until the output is read: no platform discards the last output at exit
          .setUnixOpenTtyToPreserveOutputAfterTermination(true)
          .start();
    } catch (IOException e) {
      throw RexdException.invalidParams(Reasons.IO_ERROR,
          "cannot start " + argv.get(0) + " in a terminal: " + e.getMessage()).with("program", argv.get(0));
    }
    if (spec.directory() != null) {
      awaitChdir(process.pid(), spec.cwd());
    }
    PtyChild child = new PtyChild(process);
    Thread waiter = new Thread(child::reap, "rexd-pty-wait-" + WAITERS.incrementAndGet());
    waiter.setDaemon(true);
    waiter.start();
    return child;
  }

  /**
   * The command pty4j starts: the program (pty4j runs {@code cmd[0]} as given, so the resolved
   * program is its {@code argv[0]}), behind a {@code /bin/sh} that first gives the terminal its size.
   * pty4j sets the size only after the child has started, so a program that reads it at once
   * (an {@code stty size}, a full-screen editor) would otherwise see 0 by 0. The shell then puts
   * the program in its own place with {@code exec} (same pid, same session), with the environment
   * as asked: it drops the {@code PWD} it would add, or restores the one given. When the server
   * ignores signals, {@code env} resets them first ({@link InheritedSignals}).
   */
  private static String[] sizedFirst(ChildSpec spec, TerminalSize size) {
    List<String> cmd = new ArrayList<>(InheritedSignals.resetCommand());
    if (STTY != null) {
      String pwd = spec.env().get("PWD");
      cmd.addAll(List.of(SHELL.toString(), "-c", STTY + " cols " + size.cols() + " rows " + size.rows()
          + " 2>/dev/null; " + (pwd == null ? "unset PWD" : "PWD=$1; export PWD") + "; shift; exec \"$@\"",
          "sh", pwd == null ? "" : pwd));
    }
    cmd.add(spec.program().toString());
    cmd.addAll(spec.argv().subList(1, spec.argv().size()));
    return cmd.toArray(new String[0]);
  }

  /**
   * pty4j's child changes into the start directory by path after {@code start()} returned, then
   * execs the program. That path names the caller's open directory ({@code /proc/PID/fd/N}), which
   * must stay open until then: closed early, the child's {@code chdir} fails (and it goes on in the
   * server's directory) or finds another file under that number. So this waits until the child
   * left the server's directory or runs something other than this JVM's program, bounded by
   * {@value #CHDIR_WAIT_MILLIS} ms; a child that exited ends the wait too.
   */
  private static void awaitChdir(long pid, Path target) {
    Path serverDir = link(Path.of("/proc/self/cwd"));
    Path jvm = link(Path.of("/proc/self/exe"));
    if (serverDir == null || jvm == null || serverDir.equals(target)) {
      return;
    }
    Path proc = Path.of("/proc", Long.toString(pid));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHDIR_WAIT_MILLIS);
    while (System.nanoTime() - deadline < 0
        && serverDir.equals(link(proc.resolve("cwd"))) && jvm.equals(link(proc.resolve("exe")))) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Where a {@code /proc} link points, or null when it cannot be read (the process is gone). */
  private static @Nullable Path link(Path procLink) {
    try {
      return Files.readSymbolicLink(procLink);
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  /** A program on a terminal: one output stream, a size, and its session as the signal target. */
  private static final class PtyChild implements Child {
    private final PtyProcess process;
    private final ProcessGroup group;
    private final CompletableFuture<ChildExit> exit = new CompletableFuture<>();

    PtyChild(PtyProcess process) {
      this.process = process;
      this.group = ProcessGroup.unixSession(process.pid());
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public ProcessGroup group() {
      return group;
    }

    /** pty4j's child called {@code setsid} before it exec'd the program. */
    @Override
    public void awaitGroup() {
      // formed already
    }

    @Override
    public OutputStream stdin() {
      return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
      return process.getInputStream();
    }

    @Override
    public @Nullable InputStream stderr() {
      return null;
    }

    @Override
    public CompletableFuture<ChildExit> exit() {
      return exit;
    }

    @Override
    public void resize(TerminalSize size) {
      try {
        process.setWinSize(new WinSize(size.cols(), size.rows()));
      } catch (IllegalStateException e) {
        if (!exit.isDone() && process.isAlive()) {
          throw e;
        }
      }
    }

    /** pty4j reports a death by signal {@code n} as {@code 128 + n}, as the JDK does. */
    void reap() {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            exit.complete(ChildExit.jdkExitValue(process.waitFor()));
            return;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        exit.complete(ChildExit.exited(-1));
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
