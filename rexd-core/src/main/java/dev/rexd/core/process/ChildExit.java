package dev.rexd.core.process;

/**
 * How a child ended, as its spawner learned it. The direct spawner reads the wait status, so it
 * knows an exit code from a signal exactly; the portable one only has the JDK's exit value, where
 * {@code 128 + n} is either {@code exit(128 + n)} or death by signal {@code n} (see
 * {@link ExitStatus}).
 *
 * <pre>{@code
 * ChildExit e = ChildExit.ofWaitStatus(status);   // from waitpid
 * if (e.kind() == ChildExit.Kind.SIGNALED) report(Signals.name(e.value()));
 * }</pre>
 *
 * @param value the exit code, the signal number, or the JDK's exit value, as {@code kind} says
 * @param kind what {@code value} is
 */
public record ChildExit(int value, Kind kind) {
  /** What {@link #value} means. */
  public enum Kind {
    /** The child called {@code exit(value)}. */
    EXITED,
    /** Signal {@code value} ended the child. */
    SIGNALED,
    /** The JDK's (or pty4j's) exit value: an exit code, or {@code 128 + n} for signal {@code n}. */
    JDK_EXIT_VALUE
  }

  public static ChildExit exited(int code) {
    return new ChildExit(code, Kind.EXITED);
  }

  public static ChildExit jdkExitValue(int value) {
    return new ChildExit(value, Kind.JDK_EXIT_VALUE);
  }

  /** Decodes a Linux wait status of a child that ended: {@code WIFEXITED} or {@code WIFSIGNALED}. */
  public static ChildExit ofWaitStatus(int status) {
    int termSignal = status & 0x7f;
    return termSignal == 0
        ? exited((status >> 8) & 0xff)
        : new ChildExit(termSignal, Kind.SIGNALED);
  }
}
