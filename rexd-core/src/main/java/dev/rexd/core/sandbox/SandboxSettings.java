package dev.rexd.core.sandbox;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How processes are sandboxed ({@code [sandbox]} with {@code mode = "bwrap"}): network access, the
 * resource limits (0 = none), and extra paths bound into every sandbox.
 *
 * <pre>{@code
 * SandboxSettings s = SandboxSettings.defaults().withNetwork(true).withMaxMemoryMb(2048);
 * RexdServer server = RexdServer.builder().sandbox(s).build();
 * }</pre>
 *
 * @param network whether sandboxed processes share the host's network (default: no network)
 * @param maxMemoryMb memory per sandbox, in MiB ({@code memory.max} of its cgroup where the host
 *     delegates one) and address space per process ({@code RLIMIT_AS})
 * @param maxProcesses processes per sandbox ({@code pids.max} of its cgroup where the host delegates
 *     one), else per user ({@code RLIMIT_NPROC}, which does not bind uid 0)
 * @param maxCpuSeconds CPU time per process ({@code RLIMIT_CPU})
 * @param maxFileMb largest file a process may write, in MiB ({@code RLIMIT_FSIZE})
 * @param roBinds host paths visible read-only at the same place
 * @param rwBinds host paths visible writable at the same place
 * @param hidden host paths that must not be seen even where they lie under a bound directory (the
 *     server's config file, state directory, recordings, audit log): a directory is covered by an
 *     empty one, a file by an empty file
 * @param cgroupParent the cgroup v2 directory sandboxes' cgroups are made in, or null for the
 *     server's own cgroup
 */
public record SandboxSettings(boolean network, long maxMemoryMb, long maxProcesses, long maxCpuSeconds,
    long maxFileMb, List<Path> roBinds, List<Path> rwBinds, List<Path> hidden, @Nullable Path cgroupParent) {

  public SandboxSettings {
    roBinds = absolute(roBinds, "ro_binds");
    rwBinds = absolute(rwBinds, "rw_binds");
    hidden = absolute(hidden, "hidden");
    if (cgroupParent != null) {
      cgroupParent = absolute(List.of(cgroupParent), "cgroup_parent").get(0);
    }
    notNegative(maxMemoryMb, "max_memory_mb");
    notNegative(maxProcesses, "max_processes");
    notNegative(maxCpuSeconds, "max_cpu_seconds");
    notNegative(maxFileMb, "max_file_mb");
  }

  /** No network, no limits, nothing extra bound. */
  public static SandboxSettings defaults() {
    return new SandboxSettings(false, 0, 0, 0, 0, List.of(), List.of(), List.of(), null);
  }

  public SandboxSettings withNetwork(boolean v) {
    return new SandboxSettings(v, maxMemoryMb, maxProcesses, maxCpuSeconds, maxFileMb, roBinds, rwBinds, hidden,
        cgroupParent);
  }

  public SandboxSettings withMaxMemoryMb(long v) {
    return new SandboxSettings(network, v, maxProcesses, maxCpuSeconds, maxFileMb, roBinds, rwBinds, hidden,
        cgroupParent);
  }

  public SandboxSettings withMaxProcesses(long v) {
    return new SandboxSettings(network, maxMemoryMb, v, maxCpuSeconds, maxFileMb, roBinds, rwBinds, hidden,
        cgroupParent);
  }

  public SandboxSettings withMaxCpuSeconds(long v) {
    return new SandboxSettings(network, maxMemoryMb, maxProcesses, v, maxFileMb, roBinds, rwBinds, hidden,
        cgroupParent);
  }

  public SandboxSettings withMaxFileMb(long v) {
    return new SandboxSettings(network, maxMemoryMb, maxProcesses, maxCpuSeconds, v, roBinds, rwBinds, hidden,
        cgroupParent);
  }

  public SandboxSettings withBinds(List<Path> readOnly, List<Path> writable) {
    return new SandboxSettings(network, maxMemoryMb, maxProcesses, maxCpuSeconds, maxFileMb, readOnly, writable,
        hidden, cgroupParent);
  }

  /**
   * The same settings, also hiding {@code paths} (added to those already hidden); a relative path
   * is taken from the working directory.
   */
  public SandboxSettings hiding(List<Path> paths) {
    List<Path> all = new java.util.ArrayList<>(hidden);
    paths.forEach(p -> all.add(p.toAbsolutePath()));
    return new SandboxSettings(network, maxMemoryMb, maxProcesses, maxCpuSeconds, maxFileMb, roBinds, rwBinds, all,
        cgroupParent);
  }

  /**
   * The same settings with sandboxes' cgroups made under {@code dir} (a delegated cgroup v2
   * directory whose {@code cgroup.subtree_control} enables {@code memory} and {@code pids});
   * null: under the server's own cgroup.
   */
  public SandboxSettings withCgroupParent(@Nullable Path dir) {
    return new SandboxSettings(network, maxMemoryMb, maxProcesses, maxCpuSeconds, maxFileMb, roBinds, rwBinds, hidden,
        dir);
  }

  private static List<Path> absolute(List<Path> paths, String name) {
    for (Path p : paths) {
      if (!p.isAbsolute()) {
        throw new IllegalArgumentException("sandbox " + name + " must be absolute paths, got " + p);
      }
    }
    return paths.stream().map(Path::normalize).toList();
  }

  private static void notNegative(long v, String name) {
    if (v < 0) {
      throw new IllegalArgumentException("sandbox " + name + " must not be negative, got " + v);
    }
  }
}
