package dev.rexd.core.process;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.core.session.Session;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A process to start, checked and resolved: the child to spawn, how the caller named it, and its
 * stdin, limits and lifetime. Building one raises every error a start can have before anything
 * is spawned.
 *
 * <pre>{@code
 * ProcessRequest r = ProcessRequest.command(session, List.of("make", "test"), null, null, null, "sub",
 *     Map.of(), Map.of(), policy).withOptions(null, 30_000, 1 << 20, false, policy);
 * ProcessRequest t = ProcessRequest.command(session, null, true, null, "bash", null,
 *     Map.of("TERM", "xterm-256color"), Map.of(), policy).onTerminal(new TerminalSize(120, 32));
 * ProcessRequest ls = ProcessRequest.command(session, List.of("ls", "--color=auto"), null, null, null, null,
 *     Map.of(), Map.of(), policy).onPty(new TerminalSize(120, 32)).asText(true);
 * }</pre>
 *
 * @param argv the argv as requested (argv mode), or null in shell mode
 * @param command the shell command (shell mode), or null in argv mode
 * @param spec what is spawned: {@code argv}, or {@code /bin/sh -c command}; its program is the real
 *     file {@code argv[0]} resolves to through the server's {@code PATH}
 * @param stdin the bytes to write then close, or null to keep stdin open for input
 * @param timeoutMs after how long the server ends the process; 0 for never
 * @param maxOutputBytes the output limit, stdout plus stderr ({@link Long#MAX_VALUE}: none)
 * @param detach whether the process outlives its session
 * @param terminal whether it is a terminal ({@code pty.open}: a {@code pty_id}, {@code pty.*}
 *     events); a command may run on a pseudo-terminal ({@code spec.terminal()}) without being one
 * @param stripAnsi whether its output events carry the text a terminal would show instead of
 *     the bytes (protocol section 9.7)
 */
public record ProcessRequest(
    @Nullable List<String> argv,
    @Nullable String command,
    ChildSpec spec,
    @Nullable String stdin,
    long timeoutMs,
    long maxOutputBytes,
    boolean detach,
    boolean terminal,
    boolean stripAnsi) {

  static final String SHELL = "/bin/sh";
  /** The server's environment, read once: it does not change while the JVM runs. */
  private static final Map<String, String> SERVER_ENV = Map.copyOf(System.getenv());

  /**
   * Checks a command line against the policy and the session, resolving the program and cwd: argv
   * mode ({@code argv}) or shell mode ({@code shell} or {@code login} with {@code command}). The
   * environment is the server's, then {@code envDefaults}, then {@code env}. No stdin, timeout or
   * output limit; not detached.
   */
  public static ProcessRequest command(Session session, @Nullable List<String> argv, @Nullable Boolean shell,
      @Nullable Boolean login, @Nullable String command, @Nullable String cwd, Map<String, String> envDefaults,
      @Nullable Map<String, String> env, ProcessPolicy policy) {
    boolean shellMode = Boolean.TRUE.equals(shell) || Boolean.TRUE.equals(login);
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
      commandLine = List.of(SHELL, Boolean.TRUE.equals(login) ? "-lc" : "-c", command);
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
      commandLine = List.copyOf(argv);
      argv = commandLine;
    }
    Path dir = session.resolveDirectory(cwd);
    Map<String, String> merged = mergedEnv(envDefaults, env);
    ProgramLocator.Program program = ProgramLocator.locate(commandLine.get(0), dir);
    if (!shellMode) {
      policy.checkCommand(program);
    }
    return new ProcessRequest(argv, command, new ChildSpec(commandLine, program.real(), dir, merged, null, session), null,
        0, Long.MAX_VALUE, false, false, false);
  }

  /**
   * This request with stdin, a timeout (0: none), an output limit and a lifetime;
   * {@code -32007 detach_disabled} when {@code detached} and the policy forbids it.
   */
  public ProcessRequest withOptions(@Nullable String stdinText, long timeout, long maxOutput, boolean detached,
      ProcessPolicy policy) {
    if (detached) {
      policy.checkDetach();
    }
    return new ProcessRequest(argv, command, spec, stdinText, timeout, maxOutput, detached, terminal, stripAnsi);
  }

  /** This request as a terminal of this size ({@code pty.open}). */
  public ProcessRequest onTerminal(TerminalSize size) {
    return new ProcessRequest(argv, command, spec.onTerminal(size), stdin, timeoutMs, maxOutputBytes, detach, true,
        stripAnsi);
  }

  /** This request as a command that runs on a pseudo-terminal of this size ({@code exec.start {tty: true}}). */
  public ProcessRequest onPty(TerminalSize size) {
    return new ProcessRequest(argv, command, spec.onTerminal(size), stdin, timeoutMs, maxOutputBytes, detach, false,
        stripAnsi);
  }

  /** This request with its output as text ({@code strip_ansi}) or as bytes. */
  public ProcessRequest asText(boolean text) {
    return new ProcessRequest(argv, command, spec, stdin, timeoutMs, maxOutputBytes, detach, terminal, text);
  }

  /** Whether the process runs on a pseudo-terminal, as a terminal or as a command. */
  public boolean onPseudoTerminal() {
    return spec.terminal() != null;
  }

  private static Map<String, String> mergedEnv(Map<String, String> defaults, @Nullable Map<String, String> requested) {
    if (defaults.isEmpty() && (requested == null || requested.isEmpty())) {
      return SERVER_ENV;   // immutable: shared by every such child, copied by none
    }
    Map<String, String> env = new HashMap<>(SERVER_ENV);
    env.putAll(defaults);
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
