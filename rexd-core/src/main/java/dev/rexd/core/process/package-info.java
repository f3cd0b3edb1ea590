/**
 * One process model for commands and terminals: {@link dev.rexd.core.process.ProcessService}
 * starts a {@link dev.rexd.core.process.Child} (pipes or a pseudo-terminal) through a
 * {@link dev.rexd.core.process.Spawner}, keeps it as a {@link dev.rexd.core.process.ManagedProcess}
 * in its session's table with its output history, passes its events through the
 * {@link dev.rexd.core.process.ProcessHooks} to the session, and ends process groups (TERM, then
 * KILL). Also signal names and output chunk encoding.
 */
@NullMarked
package dev.rexd.core.process;

import org.jspecify.annotations.NullMarked;
