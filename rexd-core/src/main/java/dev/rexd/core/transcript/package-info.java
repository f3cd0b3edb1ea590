/**
 * The command transcript (protocol section 9.5): one JSON line per ended process with its output
 * as text, append-only, rotated by size, and read back tolerating a torn last line.
 */
@NullMarked
package dev.rexd.core.transcript;

import org.jspecify.annotations.NullMarked;
