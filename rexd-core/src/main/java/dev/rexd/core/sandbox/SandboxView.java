package dev.rexd.core.sandbox;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one sandboxed process sees of the host beyond the system directories: its session's roots
 * (writable), the session's own {@code /tmp}, and the directory it starts in.
 *
 * <pre>{@code
 * SandboxView view = new SandboxView(List.of(Path.of("/srv/app")), sessionTmp, Path.of("/srv/app/src"), false);
 * }</pre>
 *
 * @param roots the session's roots, real paths
 * @param tmp the host directory mounted as the sandbox's {@code /tmp}, or null for an empty tmpfs
 *     (a child outside any session)
 * @param cwd where the process starts (inside a root)
 * @param homeVisible whether the process's {@code HOME} lies inside a root (else it is set to {@code /tmp})
 */
record SandboxView(List<Path> roots, @Nullable Path tmp, Path cwd, boolean homeVisible) {
  SandboxView {
    roots = List.copyOf(roots);
  }
}
