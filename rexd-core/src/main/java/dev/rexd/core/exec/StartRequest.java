package dev.rexd.core.exec;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.exec.ExecStartParams;
import dev.rexd.core.Limits;
import dev.rexd.core.session.Session;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An {@code exec.start} checked and resolved: what to run, where, with which environment and
 * limits. Building one raises every error a start can have before anything is spawned.
 *
 * @param argv the argv as requested (argv mode), or null in shell mode
 * @param command the shell command (shell mode), or null in argv mode
 * @param commandLine what is executed: {@code argv}, or {@code /bin/sh -c command}
 * @param program the resolved executable of {@code commandLine.get(0)}
 * @param cwd the working directory, checked through the session's root policy
 * @param env the complete environment: the server's, with the requested entries over it
 * @param stdin the bytes to write then close, or null to keep stdin open for {@code exec.input}
 * @param timeoutMs the effective timeout (default and hard cap from the session's limits)
 * @param maxOutputBytes the effective output limit, stdout plus stderr
 * @param detach whether the process outlives {@code session.close}
 */
public record StartRequest(
    @Nullable List<String> argv,
    @Nullable String command,
    List<String> commandLine,
    Path program,
    Path cwd,
    Map<String, String> env,
    @Nullable String stdin,
    long timeoutMs,
    long maxOutputBytes,
    boolean detach) {

  static final String SHELL = "/bin/sh";

  /** Checks {@code p} against the policy and the session, resolving the program and cwd. */
  public static StartRequest of(Session session, ExecStartParams p, ExecPolicy policy) {
    boolean shellMode = p.isShell() || Boolean.TRUE.equals(p.login());
    List<String> argv = p.argv();
    String command = p.command();
    List<String> commandLine;
    if (shellMode) {
      if (argv != null && !argv.isEmpty()) {
        throw invalid("give either argv or shell with command, not both", "argv");
      }
      if (command == null || command.isBlank()) {
        throw invalid("shell mode needs a non-empty command", "command");
      }
      noNul(command, "command");
      policy.checkShell();
      commandLine = List.of(SHELL, Boolean.TRUE.equals(p.login()) ? "-lc" : "-c", command);
      argv = null;
    } else {
      if (command != null) {
        throw invalid("command needs shell: true (or give argv)", "command");
      }
      if (argv == null || argv.isEmpty()) {
        throw invalid("argv (or shell: true with command) is required", "argv");
      }
      for (String a : argv) {
        if (a == null) {
          throw invalid("argv must not contain null", "argv");
        }
        noNul(a, "argv");
      }
      if (argv.get(0).isEmpty()) {
        throw invalid("argv[0] must not be empty", "argv");
      }
      policy.checkCommand(argv.get(0));
      commandLine = List.copyOf(argv);
      argv = commandLine;
    }
    Path cwd = session.resolveDirectory(p.cwd());
    Map<String, String> env = mergedEnv(p.env());
    Path program = ProgramLocator.locate(commandLine.get(0), env.get("PATH"), cwd);
    Limits limits = session.limits();
    return new StartRequest(argv, command, commandLine, program, cwd, env, p.stdin(),
        effective(p.timeoutMs(), limits.defaultTimeoutMs(), limits.hardTimeoutMs()),
        effective(p.maxOutputBytes(), limits.maxOutputBytes(), limits.maxOutputBytes()),
        Boolean.TRUE.equals(p.detach()));
  }

  /** The requested value, or the default when absent or 0, never above the cap. */
  private static long effective(@Nullable Long requested, long dflt, long cap) {
    long v = requested == null || requested == 0 ? dflt : requested;
    return Math.min(v, cap);
  }

  private static Map<String, String> mergedEnv(@Nullable Map<String, String> requested) {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (requested != null) {
      requested.forEach((k, v) -> {
        if (k == null || k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
          throw invalid("invalid environment variable name: " + k, "env");
        }
        if (v == null) {
          throw invalid("environment variable " + k + " has no value", "env");
        }
        noNul(v, "env");
        env.put(k, v);
      });
    }
    return env;
  }

  private static void noNul(String s, String field) {
    if (s.indexOf('\0') >= 0) {
      throw invalid(field + " must not contain NUL bytes", field);
    }
  }

  private static RexdException invalid(String message, String field) {
    return RexdException.invalidParams(Reasons.INVALID_ARGUMENT, message).with("field", field);
  }
}
