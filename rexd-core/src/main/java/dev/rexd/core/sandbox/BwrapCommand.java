package dev.rexd.core.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code bwrap} command line that runs one program in a sandbox with the view of protocol §7:
 * the system directories read-only (a usr-merged {@code /bin} stays a symlink), the session's
 * roots writable at their own paths, the session's {@code /tmp}, a minimal {@code /dev}, a
 * {@code /proc} of its own PID namespace, and nothing else.
 *
 * <p>The roots are bound from descriptors ({@code --bind-fd}): the launcher outside hands
 * {@code bwrap} the directories the server opened and checked, as descriptors {@link #FIRST_ROOT_FD}
 * on, so no path is looked up again. Descriptor {@link #STATUS_FD} is the status pipe
 * ({@link SandboxStatus}).
 *
 * <p>Inside, a shell applies the resource limits with {@code ulimit} and runs the program with
 * {@code exec -a} (bash), so it sees {@code argv[0]} as the caller gave it while the file executed
 * is the one the command policy resolved. For a plain process that shell stays as the program's
 * supervisor: it starts the program in a process group of its own, reports its exit, and keeps the
 * sandbox (and its PID namespace) alive while anything the program left running still runs, as
 * it would without a sandbox. Under bash a terminal's program runs as the shell's foreground job
 * in a process group of its own, which the terminal has as its foreground; under a plain sh it
 * replaces the shell.
 *
 * <pre>{@code
 * List<String> cmd = BwrapCommand.of(bwrap, settings, view).command(program, argv, true);
 * }</pre>
 */
final class BwrapCommand {
  /** The directories every sandbox sees read-only, where they exist. */
  static final List<Path> SYSTEM_DIRS = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
      "/etc", "/opt").stream().map(Path::of).toList();

  /** Files under {@code /etc} that hold secrets of the host's users: covered by an empty file. */
  static final List<Path> HOST_SECRETS = List.of("/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-")
      .stream().map(Path::of).toList();

  /** The status pipe's descriptor, in the launcher and the sandbox. */
  static final int STATUS_FD = 3;
  /** The first root's descriptor; the others follow in order. */
  static final int FIRST_ROOT_FD = 4;

  static final Path BASH = Path.of("/bin/bash");

  /** Reports the start on the status pipe and closes it. */
  private static final String STARTED = "echo started >&3; exec 3>&-\n";

  private final Path bwrap;
  private final SandboxSettings settings;
  private final SandboxView view;

  private BwrapCommand(Path bwrap, SandboxSettings settings, SandboxView view) {
    this.bwrap = bwrap;
    this.settings = settings;
    this.view = view;
  }

  static BwrapCommand of(Path bwrap, SandboxSettings settings, SandboxView view) {
    return new BwrapCommand(bwrap, settings, view);
  }

  /**
   * The full command line. {@code plain}: a process on pipes, which gets a Unix session of its own
   * (no way to push input into the server's terminal) and a supervisor; a terminal's program keeps
   * the session of its pseudo-terminal so job control works.
   */
  List<String> command(Path program, List<String> argv, boolean plain) {
    List<String> c = new ArrayList<>(List.of(bwrap.toString(), "--unshare-all", "--die-with-parent",
        "--cap-drop", "ALL"));
    if (settings.network()) {
      c.add("--share-net");
    }
    if (plain) {
      c.add("--new-session");
    }
    for (Path dir : SYSTEM_DIRS) {
      systemDir(c, dir);
    }
    for (Path secret : HOST_SECRETS) {
      if (Files.isRegularFile(secret, LinkOption.NOFOLLOW_LINKS)) {
        add(c, "--ro-bind", "/dev/null", secret.toString());
      }
    }
    add(c, "--proc", "/proc");
    add(c, "--dev", "/dev");
    Path tmp = view.tmp();
    if (tmp != null) {
      add(c, "--bind", tmp.toString(), "/tmp");
    } else {
      add(c, "--tmpfs", "/tmp");
    }
    for (Path p : settings.roBinds()) {
      add(c, "--ro-bind-try", p.toString(), p.toString());
    }
    for (Path p : settings.rwBinds()) {
      add(c, "--bind-try", p.toString(), p.toString());
    }
    for (int i = 0; i < view.roots().size(); i++) {
      add(c, "--bind-fd", Integer.toString(FIRST_ROOT_FD + i), view.roots().get(i).toString());
    }
    for (Path h : settings.hidden()) {
      if (visible(h)) {
        hide(c, h);
      }
    }
    add(c, "--setenv", "TMPDIR", "/tmp");
    if (!view.homeVisible()) {
      add(c, "--setenv", "HOME", "/tmp");
    }
    add(c, "--chdir", view.cwd().toString());
    c.add("--");
    boolean bash = Files.isExecutable(BASH);
    String script = ulimits() + (plain ? supervisor(bash) : bash ? foregroundJob() : replaceShell());
    c.addAll(List.of(bash ? BASH.toString() : "/bin/sh", "-c", script, argv.get(0), program.toString()));
    c.addAll(argv.subList(1, argv.size()));
    return c;
  }

  /** Runs the program instead of the shell (bash: with {@code argv[0]} as given). */
  private static String run(boolean bash) {
    return bash ? "exec -a \"$0\" \"$@\"" : "exec \"$@\"";
  }

  /** Reports the start, then becomes the program (a plain sh cannot set {@code argv[0]}). */
  private static String replaceShell() {
    return STARTED + run(false);
  }

  /**
   * Runs a terminal's program as the foreground job of a job-control shell, so it leads a process
   * group that the sandbox's PID namespace shows and the terminal has as its foreground: the
   * group the terminal started in is {@code bwrap}'s, numbered outside, where an interactive sh
   * could not hand the terminal back on exit. The shell never takes the terminal back:
   * its own group is outside too ({@code getpgrp()} is 0 here), so that fails silently and the
   * program's group keeps it. Without a sandbox the program's group is orphaned and the kernel
   * drops the terminal's stop signals for it; here the shell resumes the program in the
   * foreground whenever it stops, so {@code ^Z} has no lasting effect either (a shell function
   * rather than a loop: bash leaves loops when a job stops). POSIX mode keeps bash from reporting
   * the job's stops and deaths on the terminal ({@code bash -c} reports them only outside it).
   * The shell exits with the program's status, {@code 128 + n} for a death by signal {@code n},
   * as {@code bwrap} reports such a death of the program it runs.
   */
  private static String foregroundJob() {
    return STARTED
        + "set -o posix; set -m\n"
        + "resume() { s=$?; jobs %1 >/dev/null 2>&1 || exit \"$s\"; fg >/dev/null; resume; }\n"
        + "( " + run(true) + " )\n"
        + "resume\n";
  }

  /**
   * Starts the program in a process group of its own (job control on for that one start, so the
   * shell's waits do not stop at a stopped program later; the shell's own stderr, where job control
   * may report the job, goes nowhere), reports its pid inside (from the program's own process
   * under bash, once it takes signals as the program will: a job-control shell ignores QUIT until
   * its child has set up) and its exit
   * status, lets go of the program's pipes, then waits until it is the last process of the sandbox
   * besides {@code bwrap}'s init: the sandbox ends with what the program left running. bash polls
   * with a builtin timed read on a pipe nobody writes (no process per poll; the process that made
   * the pipe is reaped first, so it is not counted); a plain sh with {@code sleep}.
   */
  private static String supervisor(boolean bash) {
    String pause = bash ? "read -t 0.25 -u 4" : "sleep 1 || exit 0";
    return (bash ? "exec 4<> <(:)\nq=$!\n" : "")
        + "exec 5>&2 2>/dev/null\n"
        + "set -m\n"
        + "( " + (bash ? "echo \"started $BASHPID\" >&3; " : "") + "exec 2>&5 5>&- 3>&-" + (bash ? " 4<&-" : "")
        + "; " + run(bash) + " ) &\n"
        + "p=$!\n"
        + "set +m\n"
        + (bash ? "" : "echo \"started $p\" >&3\n")
        + "wait \"$p\"\n"
        + "echo \"exit $?\" >&3\n"
        + "exec 3>&- 5>&- 0</dev/null >/dev/null\n"
        + (bash ? "wait \"$q\"\n" : "")
        + "while :; do set -- /proc/[0-9]*; [ \"$#\" -le 2 ] && exit 0; " + pause + "; done\n";
  }

  /** {@code ulimit} for the configured limits, on a line of its own (empty without limits). */
  private String ulimits() {
    StringBuilder u = new StringBuilder();
    if (settings.maxMemoryMb() > 0) {
      u.append(" -v ").append(settings.maxMemoryMb() * 1024);
    }
    if (settings.maxProcesses() > 0) {
      u.append(" -u ").append(settings.maxProcesses());
    }
    if (settings.maxCpuSeconds() > 0) {
      u.append(" -t ").append(settings.maxCpuSeconds());
    }
    if (settings.maxFileMb() > 0) {
      u.append(" -f ").append(settings.maxFileMb() * 1024);   // bash counts 1024-byte blocks
    }
    return u.length() == 0 ? "" : "ulimit" + u + " || exit 126\n";
  }

  /** A real directory is bound read-only; a symlink (usr-merged {@code /bin}) is recreated as one. */
  private static void systemDir(List<String> c, Path dir) {
    try {
      if (Files.isSymbolicLink(dir)) {
        add(c, "--symlink", Files.readSymbolicLink(dir).toString(), dir.toString());
      } else if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        add(c, "--ro-bind", dir.toString(), dir.toString());
      }
    } catch (IOException e) {
      // unreadable: leave it out of the sandbox
    }
  }

  /** Whether a bound directory shows {@code p}: only those need covering (others are absent anyway). */
  private boolean visible(Path p) {
    List<Path> shown = new ArrayList<>(SYSTEM_DIRS);
    shown.addAll(settings.roBinds());
    shown.addAll(settings.rwBinds());
    shown.addAll(view.roots());
    return shown.stream().anyMatch(p::startsWith);
  }

  /** Covers a path that a bound directory would show: an empty directory or an empty file. */
  private static void hide(List<String> c, Path p) {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      add(c, "--tmpfs", p.toString());
      add(c, "--remount-ro", p.toString());
    } else if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      add(c, "--ro-bind", "/dev/null", p.toString());
    }
  }

  private static void add(List<String> c, String... args) {
    c.addAll(List.of(args));
  }
}
