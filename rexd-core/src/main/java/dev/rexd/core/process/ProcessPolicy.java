package dev.rexd.core.process;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.nio.file.Path;
import java.util.Set;

/**
 * What {@code exec.start} and {@code pty.open} may run (protocol section 7) and how processes are ended.
 *
 * <ul>
 *   <li>{@code allowShell}: whether {@code shell: true} / {@code login: true} is accepted; when
 *       false it is {@code -32007 shell_disabled}. Shell commands are governed by this switch
 *       alone: the command lists below apply to argv mode.
 *   <li>{@code allowedCommands}: programs argv mode may run (names or absolute paths, each
 *       standing for its real file); empty means any.
 *   <li>{@code deniedCommands}: programs argv mode may not run; wins over the allow list. Both
 *       lists are checked against the program as the server resolved it (see
 *       {@link #checkCommand}), {@code -32007 command_denied}. Lists of names are no boundary
 *       against an interpreter running a script or a copy of a program under another name: that
 *       takes a sandbox.
 *   <li>{@code killGraceMillis}: how long a process group gets between TERM and KILL when the
 *       server ends it (timeout, output limit, session close, shutdown).
 *   <li>{@code allowDetach}: whether {@code detach: true} is accepted; when false it is
 *       {@code -32007 detach_disabled}.
 * </ul>
 *
 * <pre>{@code
 * ProcessPolicy policy = ProcessPolicy.defaults().withAllowShell(false).withDeniedCommands(Set.of("rm", "dd"));
 * }</pre>
 */
public record ProcessPolicy(
    boolean allowShell, Set<String> allowedCommands, Set<String> deniedCommands, long killGraceMillis,
    boolean allowDetach) {

  public ProcessPolicy {
    allowedCommands = Set.copyOf(allowedCommands);
    deniedCommands = Set.copyOf(deniedCommands);
    if (killGraceMillis < 0) {
      throw new IllegalArgumentException("killGraceMillis must not be negative, got " + killGraceMillis);
    }
  }

  /** Shell allowed, every command allowed, 2 s between TERM and KILL, detach allowed. */
  public static ProcessPolicy defaults() {
    return new ProcessPolicy(true, Set.of(), Set.of(), 2_000, true);
  }

  public ProcessPolicy withAllowShell(boolean v) {
    return new ProcessPolicy(v, allowedCommands, deniedCommands, killGraceMillis, allowDetach);
  }

  public ProcessPolicy withAllowedCommands(Set<String> v) {
    return new ProcessPolicy(allowShell, v, deniedCommands, killGraceMillis, allowDetach);
  }

  public ProcessPolicy withDeniedCommands(Set<String> v) {
    return new ProcessPolicy(allowShell, allowedCommands, v, killGraceMillis, allowDetach);
  }

  public ProcessPolicy withKillGraceMillis(long v) {
    return new ProcessPolicy(allowShell, allowedCommands, deniedCommands, v, allowDetach);
  }

  public ProcessPolicy withAllowDetach(boolean v) {
    return new ProcessPolicy(allowShell, allowedCommands, deniedCommands, killGraceMillis, v);
  }

  /** {@code -32007 detach_disabled} unless {@code detach: true} is allowed. */
  void checkDetach() {
    if (!allowDetach) {
      throw RexdException.of(ErrorCode.UNSUPPORTED_CAPABILITY, Reasons.DETACH_DISABLED,
          "detached processes are disabled on this server (allow_detach = false)");
    }
  }

  /** {@code -32007 shell_disabled} unless shell commands are allowed. */
  void checkShell() {
    if (!allowShell) {
      throw RexdException.of(ErrorCode.UNSUPPORTED_CAPABILITY, Reasons.SHELL_DISABLED,
          "shell commands are disabled on this server (allow_shell = false)");
    }
  }

  /**
   * {@code -32007 command_denied} unless the command lists let {@code program} run. Each entry (a
   * bare name, found through the server's {@code PATH}, or an absolute path) stands for itself and
   * its real file. Denied when the name {@code argv[0]} normalises to, the real file's name, or
   * the real file matches a denied entry; with an allow list, allowed only when the real file is
   * an allowed entry's real file.
   */
  void checkCommand(ProgramLocator.Program program) {
    String named = baseName(program.named());
    String real = baseName(program.real());
    boolean denied = deniedCommands.stream().anyMatch(e -> e.indexOf('/') >= 0
        ? Path.of(e).normalize().equals(program.named()) || program.real().equals(ProgramLocator.realFileOf(e))
        : e.equals(named) || e.equals(real) || program.real().equals(ProgramLocator.realFileOf(e)));
    boolean allowed = allowedCommands.isEmpty()
        || allowedCommands.stream().anyMatch(e -> program.real().equals(ProgramLocator.realFileOf(e)));
    if (denied || !allowed) {
      throw RexdException.of(ErrorCode.UNSUPPORTED_CAPABILITY, Reasons.COMMAND_DENIED,
          "command not allowed by the server's command policy: " + named).with("command", named)
          .with("program", program.real().toString());
    }
  }

  private static String baseName(Path p) {
    Path name = p.getFileName();
    return name == null ? p.toString() : name.toString();
  }
}
