package dev.rexd.core.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What sandboxing can do on this host: whether {@code bwrap} is there, whether it can make its
 * namespaces, and which resource limits bind. A server told to sandbox runs the check once at
 * start and refuses to start when it fails ({@link #requireUsable()}); {@code rexd --check-sandbox}
 * prints it.
 *
 * <pre>{@code
 * SandboxCheck check = SandboxCheck.run(settings);
 * check.items().forEach(i -> System.err.println((i.ok() ? "ok   " : "FAIL ") + i.name() + ": " + i.detail()));
 * check.requireUsable();   // IllegalStateException saying what is missing and how to fix it
 * }</pre>
 */
public final class SandboxCheck {
  /** One line of the check: what, whether it works, and the detail (or how to fix it). */
  public record Item(String name, boolean ok, String detail) {}

  /** Whether one configured limit binds here, and by what or why not. */
  public record LimitState(long value, boolean enforced, String how) {}

  private static final String CGROUP_ITEM = "cgroup v2";

  private final @Nullable Path bwrap;
  private final List<Item> items;
  private final CgroupParent cgroups;
  private final Map<String, LimitState> limits;

  private SandboxCheck(@Nullable Path bwrap, List<Item> items, CgroupParent cgroups, SandboxSettings settings) {
    this.bwrap = bwrap;
    this.items = List.copyOf(items);
    this.cgroups = cgroups;
    this.limits = java.util.Collections.unmodifiableMap(limitStates(settings, cgroups));
  }

  /** Looks for {@code bwrap} on the {@code PATH} and starts one sandbox with these settings' namespaces. */
  public static SandboxCheck run(SandboxSettings settings) {
    List<Item> items = new ArrayList<>();
    CgroupParent cgroups = CgroupParent.find(settings.cgroupParent());
    Optional<Path> found = onPath("bwrap");
    if (found.isEmpty()) {
      items.add(new Item("bwrap", false, "not found on PATH: install bubblewrap (Debian/Ubuntu: apt-get install "
          + "bubblewrap; Fedora: dnf install bubblewrap)"));
      return new SandboxCheck(null, items, cgroups, settings);
    }
    Path bwrap = found.get();
    items.add(new Item("bwrap", true, bwrap + " (" + firstLine(List.of(bwrap.toString(), "--version")) + ")"));
    items.add(namespaces(bwrap, settings));
    items.add(cgroupItem(cgroups));
    return new SandboxCheck(bwrap, items, cgroups, settings);
  }

  /** Whether sandboxes get cgroups with the memory and pids controllers, and where or why not. */
  private static Item cgroupItem(CgroupParent cgroups) {
    List<String> missing = java.util.stream.Stream.of("memory", "pids").filter(c -> !cgroups.has(c)).toList();
    if (missing.isEmpty()) {
      return new Item(CGROUP_ITEM, true, "each sandbox gets a cgroup with memory and pids limits under "
          + cgroups.dir());
    }
    return new Item(CGROUP_ITEM, false, cgroups.why(missing.get(0)) + ": limits are applied with rlimits only"
        + " (delegate a cgroup v2 directory with +memory +pids in its cgroup.subtree_control and name it in"
        + " [sandbox] cgroup_parent)");
  }

  /** Where sandboxes' cgroups are made, and which controllers they get. */
  CgroupParent cgroups() {
    return cgroups;
  }

  public List<Item> items() {
    return items;
  }

  /** Whether processes can be sandboxed here. */
  public boolean usable() {
    return bwrap != null && items.stream().allMatch(i -> i.ok() || i.name().equals(CGROUP_ITEM));
  }

  /** The {@code bwrap} found; fails when there is none. */
  Path bwrap() {
    if (bwrap == null) {
      throw new IllegalStateException(problem());
    }
    return bwrap;
  }

  /** Each configured limit (non-zero), whether it binds on this host, and how. */
  public Map<String, LimitState> limits() {
    return limits;
  }

  /** Throws with what is missing and how to fix it, unless {@link #usable()}. */
  public void requireUsable() {
    if (!usable()) {
      throw new IllegalStateException(problem());
    }
  }

  private String problem() {
    StringBuilder b = new StringBuilder("[sandbox] mode = \"bwrap\" cannot work on this host:");
    items.stream().filter(i -> !i.ok() && !i.name().equals(CGROUP_ITEM))
        .forEach(i -> b.append(' ').append(i.name()).append(": ").append(i.detail()).append('.'));
    return b.append(" Run `rexd --check-sandbox` for details, or set [sandbox] mode = \"none\".").toString();
  }

  /** Starts {@code true} in a sandbox with every namespace these settings use. */
  private static Item namespaces(Path bwrap, SandboxSettings settings) {
    List<String> cmd = new ArrayList<>(List.of(bwrap.toString(), "--unshare-all", "--die-with-parent", "--cap-drop",
        "ALL", "--new-session", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev"));
    if (settings.network()) {
      cmd.add("--share-net");
    }
    cmd.addAll(List.of("--", "true"));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Item("namespaces", false, "bwrap did not finish within 10 s");
      }
      if (p.exitValue() == 0) {
        return new Item("namespaces", true, "user, pid, ipc, uts" + (settings.network() ? "" : ", net")
            + " namespaces created; capabilities dropped");
      }
      return new Item("namespaces", false, "bwrap failed (" + out + "): enable user namespaces "
          + "(sysctl kernel.unprivileged_userns_clone=1 and user.max_user_namespaces > 0) or run rexd as root");
    } catch (IOException e) {
      return new Item("namespaces", false, "cannot run " + bwrap + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Item("namespaces", false, "interrupted");
    }
  }

  /**
   * Each configured limit and what enforces it: rlimits inside the sandbox, and for memory and
   * processes the sandbox's cgroup where the host delegates one ({@code RLIMIT_NPROC} alone counts
   * all of a user's processes and does not bind uid 0).
   */
  private static Map<String, LimitState> limitStates(SandboxSettings s, CgroupParent cgroups) {
    Map<String, LimitState> m = new LinkedHashMap<>();
    if (s.maxMemoryMb() > 0) {
      m.put("max_memory_mb", new LimitState(s.maxMemoryMb(), true, cgroups.has("memory")
          ? "memory.max of the sandbox's cgroup (without swap) and RLIMIT_AS per process"
          : "RLIMIT_AS per process; no cgroup memory.max: " + cgroups.why("memory")));
    }
    if (s.maxCpuSeconds() > 0) {
      m.put("max_cpu_seconds", new LimitState(s.maxCpuSeconds(), true, "RLIMIT_CPU per process"));
    }
    if (s.maxFileMb() > 0) {
      m.put("max_file_mb", new LimitState(s.maxFileMb(), true, "RLIMIT_FSIZE per process"));
    }
    if (s.maxProcesses() > 0) {
      m.put("max_processes", processLimit(s.maxProcesses(), cgroups));
    }
    return m;
  }

  private static LimitState processLimit(long value, CgroupParent cgroups) {
    if (cgroups.has("pids")) {
      return new LimitState(value, true, "pids.max of the sandbox's cgroup");
    }
    if ("0".equals(uid())) {
      return new LimitState(value, false, "not enforced: the server runs as uid 0, which RLIMIT_NPROC does not "
          + "bind, and no cgroup pids.max: " + cgroups.why("pids"));
    }
    return new LimitState(value, true, "RLIMIT_NPROC, counted over every process of the server's user; no cgroup "
        + "pids.max: " + cgroups.why("pids"));
  }

  private static String uid() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("Uid:")) {
          return l.split("\\s+")[1];
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no sandbox anyway
    }
    return "?";
  }

  private static Optional<Path> onPath(String name) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p) && Files.isRegularFile(p)) {
        return Optional.of(p.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  private static String firstLine(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor(5, TimeUnit.SECONDS);
      return out.lines().findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }
}
