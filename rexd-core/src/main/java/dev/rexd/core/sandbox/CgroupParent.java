package dev.rexd.core.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The cgroup v2 directory under which each sandbox gets a cgroup of its own for the memory and
 * pids limits: the one configured, or else the server's own cgroup. It works for a controller when
 * the server may create cgroups there and its {@code cgroup.subtree_control} hands that controller
 * to them (a delegated hierarchy); otherwise {@link #why} says what is missing.
 *
 * <pre>{@code
 * CgroupParent parent = CgroupParent.find(settings.cgroupParent());
 * if (parent.has("pids")) {
 *   SandboxCgroup cg = parent.create(settings);   // rexd-<pid>-<n> with pids.max written
 * }
 * }</pre>
 */
final class CgroupParent {
  private static final AtomicLong SEQ = new AtomicLong();

  private final @Nullable Path dir;
  private final Set<String> delegated;
  private final String problem;

  private CgroupParent(@Nullable Path dir, Set<String> delegated, String problem) {
    this.dir = dir;
    this.delegated = Set.copyOf(delegated);
    this.problem = problem;
  }

  /** {@code configured}, or the server's own cgroup on the unified hierarchy, as it is now. */
  static CgroupParent find(@Nullable Path configured) {
    Path dir = configured != null ? configured : ownCgroup();
    if (dir == null) {
      return new CgroupParent(null, Set.of(), "no cgroup v2 hierarchy is mounted for the server's cgroup");
    }
    if (!Files.isDirectory(dir)) {
      return new CgroupParent(null, Set.of(), "the cgroup " + dir + " does not exist");
    }
    String subtree = read(dir.resolve("cgroup.subtree_control"));
    if (subtree == null) {
      return new CgroupParent(null, Set.of(), dir + " is not a cgroup v2 directory (no cgroup.subtree_control)");
    }
    if (!Files.isWritable(dir)) {
      return new CgroupParent(null, Set.of(), "the server may not create cgroups in " + dir + " (not delegated to it)");
    }
    return new CgroupParent(dir, Set.of(subtree.strip().split("\\s+")), "");
  }

  /** Whether sandboxes get a cgroup with {@code controller} (memory, pids) here. */
  boolean has(String controller) {
    return dir != null && delegated.contains(controller);
  }

  /** Why {@code controller} is not available (empty when it is). */
  String why(String controller) {
    if (dir == null) {
      return problem;
    }
    if (has(controller)) {
      return "";
    }
    String available = read(dir.resolve("cgroup.controllers"));
    return dir.resolve("cgroup.subtree_control") + " does not enable " + controller + " for the cgroups below it"
        + " (controllers there: " + (available == null || available.isBlank() ? "none" : available.strip()) + ")";
  }

  /** The directory sandboxes' cgroups are made in, or null when there is none. */
  @Nullable Path dir() {
    return dir;
  }

  /**
   * A new cgroup for one sandbox with the limits of {@code settings} this parent delegates
   * ({@code memory.max} without swap, {@code pids.max}); null when none applies.
   */
  @Nullable SandboxCgroup create(SandboxSettings settings) throws IOException {
    boolean memory = settings.maxMemoryMb() > 0 && has("memory");
    boolean pids = settings.maxProcesses() > 0 && has("pids");
    if (dir == null || !(memory || pids)) {
      return null;
    }
    Path cg = Files.createDirectory(dir.resolve("rexd-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet()));
    SandboxCgroup created = new SandboxCgroup(cg);
    try {
      if (memory) {
        created.write("memory.max", Long.toString(settings.maxMemoryMb() * 1024 * 1024));
        if (Files.exists(cg.resolve("memory.swap.max"))) {
          created.write("memory.swap.max", "0");
        }
      }
      if (pids) {
        created.write("pids.max", Long.toString(settings.maxProcesses()));
      }
      return created;
    } catch (IOException | RuntimeException e) {
      created.remove();
      throw e;
    }
  }

  /**
   * The server's cgroup on the unified hierarchy: the {@code 0::} line of
   * {@code /proc/self/cgroup} under the mount point of the {@code cgroup2} file system.
   */
  private static @Nullable Path ownCgroup() {
    String cgroups = read(Path.of("/proc/self/cgroup"));
    String mounts = read(Path.of("/proc/self/mountinfo"));
    if (cgroups == null || mounts == null) {
      return null;
    }
    String own = cgroups.lines().filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst().orElse(null);
    if (own == null) {
      return null;
    }
    for (String line : mounts.lines().toList()) {
      int dash = line.indexOf(" - ");
      if (dash < 0 || !line.substring(dash + 3).startsWith("cgroup2 ")) {
        continue;
      }
      List<String> f = List.of(line.substring(0, dash).split(" "));
      Path mountRoot = Path.of(unescape(f.get(3)));
      Path ownPath = Path.of(own);
      if (ownPath.startsWith(mountRoot)) {
        return Path.of(unescape(f.get(4))).resolve(mountRoot.relativize(ownPath).toString());
      }
    }
    return null;
  }

  /** mountinfo escapes space, tab, newline and backslash as octal. */
  private static String unescape(String s) {
    return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
  }

  private static @Nullable String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
