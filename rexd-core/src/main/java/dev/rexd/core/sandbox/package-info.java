/**
 * Sandboxed execution: every process and terminal of a session started inside a bubblewrap
 * ({@code bwrap}) sandbox that sees the system directories read-only, the session's roots writable,
 * a {@code /tmp} of the session's own, and nothing else; with no capabilities, no network unless
 * allowed, its own PID namespace, and resource limits where the host can enforce them (rlimits,
 * and a cgroup v2 per sandbox where one is delegated).
 *
 * <p>{@link dev.rexd.core.sandbox.SandboxSpawner} wraps any {@link dev.rexd.core.process.Spawner};
 * {@link dev.rexd.core.sandbox.SandboxCheck} says what works on this host.
 */
@NullMarked
package dev.rexd.core.sandbox;

import org.jspecify.annotations.NullMarked;
