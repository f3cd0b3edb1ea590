package dev.rexd.core.sandbox;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the launcher inside one sandbox reports to the server, one line each on a pipe: that the
 * sandbox is set up and the program runs ({@code started PID}, its pid inside the sandbox), and how
 * the program ended ({@code exit STATUS}, as the shell's {@code $?}) while other processes in the
 * sandbox may go on. The server holds the pipe's write end only until the launcher outside the
 * sandbox has opened it through {@code /proc} ({@link #writeEndPath()}); the read end gives EOF
 * once every process of the sandbox has gone.
 *
 * <pre>{@code
 * SandboxStatus status = SandboxStatus.open();
 * spawn("... exec 3>" + status.writeEndPath() + " ...");
 * status.started().thenRun(status::releaseWriteEnd);
 * Optional<Integer> exit = status.exit().join();   // empty: the sandbox ended without saying
 * }</pre>
 */
final class SandboxStatus implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SandboxStatus.class.getName());
  /** {@code O_CLOEXEC} of the generic Linux ABI: no other child inherits either end. */
  private static final int O_CLOEXEC = 0x80000;

  static {
    Native.register(SandboxStatus.class, NativeLibrary.getInstance("c"));
  }

  private static native int pipe2(int[] fds, int flags) throws LastErrorException;

  private static native int close(int fd);

  private final FileInputStream in;
  private final int writeFd;
  private final CompletableFuture<Long> started = new CompletableFuture<>();
  private final CompletableFuture<Optional<Integer>> exit = new CompletableFuture<>();
  private boolean writeEndOpen = true;
  private boolean listening;

  private SandboxStatus(FileInputStream in, int writeFd) {
    this.in = in;
    this.writeFd = writeFd;
  }

  /** A new pipe, both ends close-on-exec. */
  static SandboxStatus open() {
    int[] fds = new int[2];
    try {
      pipe2(fds, O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new UncheckedIOException(new IOException("cannot make a pipe: errno " + e.getErrorCode()));
    }
    try {
      // the read end as a stream of its own: opening the pipe through /proc gives a descriptor Java owns
      return new SandboxStatus(new FileInputStream(self(fds[0]).toFile()), fds[1]);
    } catch (IOException e) {
      close(fds[1]);
      throw new UncheckedIOException(e);
    } finally {
      close(fds[0]);
    }
  }

  private static Path self(int fd) {
    return Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", Integer.toString(fd));
  }

  /** Where a process of the server's may open the write end (until {@link #releaseWriteEnd()}). */
  Path writeEndPath() {
    return self(writeFd);
  }

  /** Reads the reports on a daemon thread of its own until the sandbox ends. */
  synchronized void listen(String name) {
    listening = true;
    Thread t = new Thread(this::read, name);
    t.setDaemon(true);
    t.start();
  }

  /** The program's pid inside the sandbox once it runs (0 when the launcher does not say). */
  CompletableFuture<Long> started() {
    return started;
  }

  /** The program's exit status, or empty when the sandbox ended without reporting one. */
  CompletableFuture<Optional<Integer>> exit() {
    return exit;
  }

  /** Closes the server's write end: from now on the pipe ends when the sandbox does. */
  synchronized void releaseWriteEnd() {
    if (writeEndOpen) {
      writeEndOpen = false;
      close(writeFd);
    }
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("started")) {
          String pid = line.substring("started".length()).strip();
          started.complete(pid.isEmpty() ? 0L : Long.parseLong(pid));
        } else if (line.startsWith("exit ")) {
          exit.complete(Optional.of(Integer.parseInt(line.substring("exit ".length()).strip())));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "sandbox status unreadable: " + e);
    } finally {
      started.complete(0L);
      exit.complete(Optional.empty());
    }
  }

  /** Closes both ends; once listening, the reader closes the read end itself at EOF. */
  @Override
  public synchronized void close() {
    releaseWriteEnd();
    if (!listening) {
      try {
        in.close();
      } catch (IOException e) {
        // nothing to release then
      }
    }
  }
}
