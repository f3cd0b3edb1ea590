/**
 * Running commands (protocol section 4): {@link dev.rexd.core.exec.ExecService} starts children in
 * their own process groups, streams their output as {@code exec.stdout} / {@code exec.stderr}
 * events without loss, and reports each exit exactly once.
 */
@NullMarked
package dev.rexd.core.exec;

import org.jspecify.annotations.NullMarked;
