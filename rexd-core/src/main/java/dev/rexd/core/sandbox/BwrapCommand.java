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
 * <p>Inside, {@code /bin/bash} applies the resource limits with {@code ulimit} and then runs the
 * program with {@code exec -a}, so it sees {@code argv[0]} as the caller gave it while the file
 * executed is the one the command policy resolved.
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

  private static final Path BASH = Path.of("/bin/bash");

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
   * The full command line. {@code newSession}: the program gets a Unix session of its own (plain
   * processes: no way to push input into the server's terminal); terminals keep the session of
   * their pseudo-terminal so job control works.
   */
  List<String> command(Path program, List<String> argv, boolean newSession) {
    List<String> c = new ArrayList<>(List.of(bwrap.toString(), "--unshare-all", "--die-with-parent",
        "--cap-drop", "ALL"));
    if (settings.network()) {
      c.add("--share-net");
    }
    if (newSession) {
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
    for (Path root : view.roots()) {
      add(c, "--bind", root.toString(), root.toString());
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
    c.addAll(launcher(program, argv));
    return c;
  }

  /** bash sets the limits, then {@code exec -a ARGV0 PROGRAM ARGS}; plain exec where there is no bash. */
  private List<String> launcher(Path program, List<String> argv) {
    String limits = ulimits();
    List<String> c = new ArrayList<>();
    if (Files.isExecutable(BASH)) {
      c.addAll(List.of(BASH.toString(), "-c", limits + "exec -a \"$0\" \"$@\"", argv.get(0), program.toString()));
    } else {
      c.addAll(List.of("/bin/sh", "-c", limits + "exec \"$@\"", argv.get(0), program.toString()));
    }
    c.addAll(argv.subList(1, argv.size()));
    return c;
  }

  /** {@code ulimit} options for the configured limits, ending in {@code && } (empty without limits). */
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
    return u.length() == 0 ? "" : "ulimit" + u + " && ";
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
