package dev.rexd.core.recording;

import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The lines a shell would print around a command: the {@code $ command} line before it and a
 * dimmed line after it saying how it ended.
 *
 * <pre>{@code
 * CommandLines.ending(0, null, false, 12);       // "[exit 0, 12 ms]"
 * CommandLines.ending(null, "TERM", true, 30000); // "[timed out, killed by TERM, 30.0 s]"
 * }</pre>
 */
public final class CommandLines {
  private static final String DIM = "\u001b[2m";
  private static final String RESET = "\u001b[0m";
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private CommandLines() {}

  /** The prompt line of a command, with a terminal newline. */
  static String prompt(String commandLine) {
    return "\u001b[1m$\u001b[0m " + commandLine.replace("\n", "\r\n") + "\r\n";
  }

  /** An argv as a shell would show it: words with spaces or special characters single-quoted. */
  public static String join(List<String> argv) {
    StringBuilder sb = new StringBuilder();
    for (String word : argv) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(word.isEmpty() || !PLAIN.matcher(word).matches() ? "'" + word.replace("'", "'\\''") + "'" : word);
    }
    return sb.toString();
  }

  /** The dimmed end line of a command, with a terminal newline. */
  static String end(@Nullable Integer exitCode, @Nullable String signal, boolean timedOut, long durationMs) {
    return DIM + ending(exitCode, signal, timedOut, durationMs) + RESET + "\r\n";
  }

  /** How a command ended, in brackets: exit code or signal, timeout, duration. */
  public static String ending(@Nullable Integer exitCode, @Nullable String signal, boolean timedOut, long durationMs) {
    StringBuilder sb = new StringBuilder("[");
    if (timedOut) {
      sb.append("timed out, ");
    }
    if (signal != null) {
      sb.append("killed by ").append(signal);
    } else {
      sb.append("exit ").append(exitCode == null ? "?" : exitCode.toString());
    }
    sb.append(", ");
    if (durationMs < 1000) {
      sb.append(durationMs).append(" ms");
    } else {
      sb.append(durationMs / 1000).append('.').append(durationMs % 1000 / 100).append(" s");
    }
    return sb.append(']').toString();
  }
}
