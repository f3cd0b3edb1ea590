/** The root policy every path and cwd goes through (protocol section 7). */
@NullMarked
package dev.rexd.core.policy;

import org.jspecify.annotations.NullMarked;
