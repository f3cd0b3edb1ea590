package dev.rexd.core.process;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.util.Locale;
import java.util.Map;

/**
 * The POSIX signals REXD names on the wire (protocol section 4), with their Linux numbers.
 *
 * <pre>{@code
 * int n = Signals.number("SIGKILL"); // 9; "KILL" works too
 * String name = Signals.name(15);    // "SIGTERM"
 * }</pre>
 */
public final class Signals {
  public static final int HUP = 1;
  public static final int INT = 2;
  public static final int QUIT = 3;
  public static final int KILL = 9;
  public static final int USR1 = 10;
  public static final int USR2 = 12;
  public static final int TERM = 15;

  private static final Map<String, Integer> BY_NAME = Map.of(
      "TERM", TERM, "KILL", KILL, "INT", INT, "HUP", HUP, "QUIT", QUIT, "USR1", USR1, "USR2", USR2);

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"), Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"),
      Map.entry(5, "SIGTRAP"), Map.entry(6, "SIGABRT"), Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"),
      Map.entry(9, "SIGKILL"), Map.entry(10, "SIGUSR1"), Map.entry(11, "SIGSEGV"), Map.entry(12, "SIGUSR2"),
      Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"), Map.entry(15, "SIGTERM"), Map.entry(24, "SIGXCPU"),
      Map.entry(25, "SIGXFSZ"));

  private Signals() {}

  /** The number of a wire signal name, with or without {@code SIG}; null means TERM. */
  public static int number(String name) {
    if (name == null || name.isBlank()) {
      return TERM;
    }
    String n = name.trim().toUpperCase(Locale.ROOT);
    Integer v = BY_NAME.get(n.startsWith("SIG") ? n.substring(3) : n);
    if (v == null) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT,
          "unknown signal: " + name + " (use TERM, KILL, INT, HUP, QUIT, USR1 or USR2)").with("signal", name);
    }
    return v;
  }

  /** The {@code SIG}-prefixed name of a signal number, e.g. {@code SIGKILL}; {@code SIG<n>} if unnamed. */
  public static String name(int number) {
    return NAMES.getOrDefault(number, "SIG" + number);
  }
}
