package dev.rexd.core.approval;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which starts need a person's approval ({@code [approval] mode, require, timeout_ms}):
 * {@code off} (none), {@code all}, or {@code rules}: those whose command line matches one of the
 * {@code require} globs ({@code *} any run of characters, spaces and slashes included; {@code ?}
 * one character; the whole line must match). The line is the resolved one: the real program and
 * then the arguments ({@code /usr/bin/rm -rf build}); a glob whose first word has no {@code /}
 * also matches with the program's file name in its place ({@code rm -rf *}). A shell command is
 * matched as written. Rules are a supervision aid, not a boundary: an approved shell can run
 * anything, and {@code env rm} is not {@code rm} to a glob.
 *
 * <pre>{@code
 * ApprovalPolicy p = ApprovalPolicy.rules(List.of("rm *", "git push*"), Duration.ofMinutes(5));
 * p.requires(List.of("/usr/bin/rm -rf build", "rm -rf build"));   // true
 * }</pre>
 */
public record ApprovalPolicy(Mode mode, List<String> require, Duration timeout) {
  /** The default wait for a decision. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /** {@code off}, {@code rules} or {@code all}. */
  public enum Mode {
    OFF,
    RULES,
    ALL;

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Mode parse(String name) {
      for (Mode m : values()) {
        if (m.name().toLowerCase(Locale.ROOT).equals(name)) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown approval mode '" + name + "' (expected off, rules or all)");
    }
  }

  public ApprovalPolicy {
    require = List.copyOf(require);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("approval timeout_ms must be positive");
    }
    if (mode == Mode.RULES && require.isEmpty()) {
      throw new IllegalArgumentException("approval mode \"rules\" needs at least one entry in require");
    }
  }

  /** No approvals. */
  public static ApprovalPolicy off() {
    return new ApprovalPolicy(Mode.OFF, List.of(), DEFAULT_TIMEOUT);
  }

  /** Every start needs approval. */
  public static ApprovalPolicy all(Duration timeout) {
    return new ApprovalPolicy(Mode.ALL, List.of(), timeout);
  }

  /** Starts matching one of the globs need approval. */
  public static ApprovalPolicy rules(List<String> globs, Duration timeout) {
    return new ApprovalPolicy(Mode.RULES, globs, timeout);
  }

  /** Whether any approvals can be needed. */
  public boolean enabled() {
    return mode != Mode.OFF;
  }

  /** Whether a start whose command line reads as any of {@code lines} needs approval. */
  public boolean requires(List<String> lines) {
    return switch (mode) {
      case OFF -> false;
      case ALL -> true;
      case RULES -> require.stream().map(ApprovalPolicy::toRegex)
          .anyMatch(p -> lines.stream().anyMatch(l -> p.matcher(l).matches()));
    };
  }

  private static Pattern toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        re.append(Pattern.quote(literal.toString()));
        literal.setLength(0);
        re.append(c == '*' ? "[\\s\\S]*" : "[\\s\\S]");
      } else {
        literal.append(c);
      }
    }
    re.append(Pattern.quote(literal.toString()));
    return Pattern.compile(re.toString());
  }
}
