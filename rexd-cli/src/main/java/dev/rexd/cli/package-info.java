/** The {@code rexd} command line: flags and config compatible with the Go server. */
@NullMarked
package dev.rexd.cli;

import org.jspecify.annotations.NullMarked;
