/**
 * Running commands (protocol section 4): {@link dev.rexd.core.exec.ExecService} handles
 * {@code exec.*} over the process model of {@link dev.rexd.core.process}.
 */
@NullMarked
package dev.rexd.core.exec;

import org.jspecify.annotations.NullMarked;
