package dev.rexd.core.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The signals this server ignores, which a child would inherit. A server started by {@code nohup}
 * ignores SIGHUP; one a script starts in the background ignores SIGINT and SIGQUIT; a supervisor
 * may have a child ignore more. A program that inherits them does not end when its terminal hangs
 * up, nor on {@code exec.kill}. {@link DirectSpawner} resets every signal in the child
 * ({@code POSIX_SPAWN_SETSIGDEF}); pty4j and {@link ProcessBuilder} reset only some, so their
 * children start through {@code env --default-signal} (GNU coreutils 8.31 and later) when this
 * process ignores any signal at all. Linux only: elsewhere, and without such an {@code env}, the
 * children inherit what the server ignores, which is logged once.
 *
 * <pre>{@code
 * List<String> cmd = new ArrayList<>(InheritedSignals.resetCommand());   // empty when nothing is ignored
 * cmd.add(program.toString());
 * }</pre>
 */
final class InheritedSignals {
  private static final System.Logger LOG = System.getLogger(InheritedSignals.class.getName());
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path ENV = Path.of("/usr/bin/env");
  private static final String DEFAULT_SIGNALS = "--default-signal";
  /**
   * Signals 32 and 33, glibc's own: its {@code posix_spawn} starts every child with them ignored
   * (a JVM started by another JVM has them so), and no program can set them.
   */
  private static final long LIBC_INTERNAL = 3L << 31;

  private InheritedSignals() {}

  /** The words to put before a child's command so it starts with every signal at its default. */
  static List<String> resetCommand() {
    return Holder.COMMAND;
  }

  /** Computed at the first start that asks: whether anything is ignored does not change. */
  private static final class Holder {
    static final List<String> COMMAND = command(ignoredMask(), ENV);
  }

  /** The reset command for a process ignoring {@code ignored} (a bit per signal), through {@code env}. */
  static List<String> command(long ignored, Path env) {
    if (ignored == 0) {
      return List.of();
    }
    if (resets(env)) {
      return List.of(env.toString(), DEFAULT_SIGNALS);
    }
    LOG.log(System.Logger.Level.WARNING, String.format("this server ignores signals (mask %x) and %s cannot reset"
        + " them: programs on terminals inherit them, and may outlive a hang-up or a kill", ignored, env));
    return List.of();
  }

  /** The signals this process ignores (a bit per signal, glibc's own left out), or 0 when unknown. */
  static long ignoredMask() {
    try {
      return ignoredMask(Files.readAllLines(STATUS)) & ~LIBC_INTERNAL;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The {@code SigIgn} mask in the lines of a {@code /proc/PID/status}, or 0. */
  static long ignoredMask(List<String> status) {
    for (String line : status) {
      if (line.startsWith("SigIgn:")) {
        return Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
      }
    }
    return 0;
  }

  /** Whether {@code env} knows the option (an {@code env} without it refuses before {@code --version}). */
  private static boolean resets(Path env) {
    if (!Files.isExecutable(env)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(env.toString(), DEFAULT_SIGNALS, "--version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
