/** Watching and steering sessions, and approvals (protocol sections 9.3 and 9.4): params, results, events. */
@NullMarked
package dev.rexd.api.console;

import org.jspecify.annotations.NullMarked;
