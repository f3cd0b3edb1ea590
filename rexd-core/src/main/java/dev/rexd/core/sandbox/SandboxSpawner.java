package dev.rexd.core.sandbox;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.session.SandboxInfo;
import dev.rexd.core.process.Child;
import dev.rexd.core.process.ChildSpec;
import dev.rexd.core.process.Spawner;
import dev.rexd.core.policy.OpenDirectory;
import dev.rexd.core.policy.RootPolicy;
import dev.rexd.core.session.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Starts every child inside a bubblewrap sandbox of its own, through any other {@link Spawner}
 * (which starts the launcher and {@code bwrap}, on pipes or a pseudo-terminal as the spec asks).
 * The sandbox sees the session's roots, bound from descriptors the root policy opened; its
 * {@code /tmp} is a directory of the session's own, removed when the session closes; where a
 * delegated cgroup v2 directory is available, it gets a cgroup with the memory and pids limits.
 * A plain process's exit is reported when the program exits, while what it left running goes on
 * in the sandbox. Signals other than KILL go to the program's process group inside the sandbox;
 * KILL ends the sandbox's PID namespace and with it every process in it.
 *
 * <pre>{@code
 * Spawner sandboxed = SandboxSpawner.wrap(Spawners.system(), SandboxSettings.defaults().withMaxMemoryMb(1024));
 * RexdServer server = RexdServer.builder().spawner(sandboxed).build();
 * }</pre>
 */
public final class SandboxSpawner implements Spawner {
  private final Spawner delegate;
  private final SandboxSettings settings;
  private final SandboxCheck check;
  private final CgroupParent cgroups;

  private SandboxSpawner(Spawner delegate, SandboxSettings settings, SandboxCheck check) {
    this.delegate = delegate;
    this.settings = settings;
    this.check = check;
    this.cgroups = check.cgroups();
  }

  /**
   * Sandboxes what {@code delegate} starts. Checks the host first: throws
   * {@link IllegalStateException} saying what is missing (no {@code bwrap}, no user namespaces).
   */
  public static SandboxSpawner wrap(Spawner delegate, SandboxSettings settings) {
    SandboxCheck check = SandboxCheck.run(settings);
    check.requireUsable();
    return new SandboxSpawner(delegate, settings, check);
  }

  /** What the host check found, including which limits bind. */
  public SandboxCheck check() {
    return check;
  }

  public SandboxSettings settings() {
    return settings;
  }

  /** What {@code session.open} reports: the mode, the network, and each limit with whether it binds. */
  public SandboxInfo info() {
    Map<String, SandboxInfo.Limit> limits = new LinkedHashMap<>();
    check.limits().forEach((name, l) -> limits.put(name, new SandboxInfo.Limit(l.value(), l.enforced(), l.how())));
    return new SandboxInfo("bwrap", settings.network(), limits);
  }

  /**
   * Starts {@code spec} in a sandbox of its own. The session's roots are opened through its root
   * policy and bound from those descriptors, held until the sandbox is set up: a root swapped for
   * a symlink is refused ({@code -32002}), never followed.
   */
  @Override
  public Child spawn(ChildSpec spec) {
    Session session = spec.session();
    RootPolicy policy = session != null ? session.policy() : null;
    List<Path> roots = policy != null ? policy.roots() : List.of();
    Path tmp = session != null ? session.feature(SessionTmp.class, SessionTmp::create).dir() : null;
    requireVisible(spec.program(), roots);
    String home = spec.env().get("HOME");
    boolean homeVisible = home != null && roots.stream().anyMatch(r -> Path.of(home).normalize().startsWith(r));
    boolean plain = spec.terminal() == null;
    SandboxView view = new SandboxView(roots, tmp, spec.cwd(), homeVisible);
    List<String> sandbox = BwrapCommand.of(check.bwrap(), settings, view).command(spec.program(), spec.argv(), plain);
    List<OpenDirectory> opened = new ArrayList<>();
    SandboxStatus status = SandboxStatus.open();
    SandboxCgroup cgroup = null;
    try {
      if (policy != null) {
        for (Path root : roots) {
          opened.add(policy.openDirectory(root.toString(), root));
        }
      }
      cgroup = newCgroup();
      List<String> command = OuterLauncher.command(status.writeEndPath(),
          opened.stream().map(OpenDirectory::procPath).toList(), cgroup, sandbox);
      Child child = delegate.spawn(spec.runningInstead(command, Path.of(command.get(0))));
      status.listen("rexd-sandbox-" + child.pid());
      // the roots and the write end stay open until the launcher has them (or bwrap is gone)
      CompletableFuture.anyOf(status.started(), child.exit()).whenComplete((r, e) -> release(status, opened));
      SandboxCgroup own = cgroup;
      if (own != null) {
        child.exit().thenRunAsync(own::remove);
      }
      return new SandboxedChild(child, status, plain);
    } catch (RuntimeException e) {
      release(status, opened);
      status.close();
      if (cgroup != null) {
        cgroup.remove();
      }
      throw e;
    }
  }

  private static void release(SandboxStatus status, List<OpenDirectory> opened) {
    status.releaseWriteEnd();
    synchronized (opened) {
      opened.forEach(OpenDirectory::close);
      opened.clear();
    }
  }

  /** The sandbox's cgroup with its limits, or null where none is used; fails the start when one cannot be made. */
  private @Nullable SandboxCgroup newCgroup() {
    try {
      return cgroups.create(settings);
    } catch (IOException e) {
      throw RexdException.of(ErrorCode.INTERNAL_ERROR, Reasons.IO_ERROR, "cannot make the sandbox's cgroup under "
          + cgroups.dir() + ": " + e.getMessage());
    }
  }

  /** A program the sandbox does not show would fail inside with 127: refuse it up front instead. */
  private void requireVisible(Path program, List<Path> roots) {
    List<Path> shown = new ArrayList<>(BwrapCommand.SYSTEM_DIRS);
    shown.addAll(roots);
    shown.addAll(settings.roBinds());
    shown.addAll(settings.rwBinds());
    if (shown.stream().noneMatch(program::startsWith)) {
      throw RexdException.invalidParams(Reasons.NOT_FOUND, "program is not visible inside the sandbox: " + program)
          .with("path", program.toString());
    }
  }
}
