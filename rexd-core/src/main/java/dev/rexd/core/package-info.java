/**
 * The transport-agnostic REXD server: {@link dev.rexd.core.RexdServer} and its limits.
 */
@NullMarked
package dev.rexd.core;

import org.jspecify.annotations.NullMarked;
