/** Process groups, signals and output chunk encoding shared by exec and pty. */
@NullMarked
package dev.rexd.core.process;

import org.jspecify.annotations.NullMarked;
