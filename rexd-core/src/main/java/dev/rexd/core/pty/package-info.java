/**
 * Terminals (protocol section 6): {@link dev.rexd.core.pty.PtyService} handles {@code pty.*} over
 * the process model of {@link dev.rexd.core.process}, which runs programs under a real
 * pseudo-terminal (pty4j), streams the raw terminal bytes as {@code pty.output} events without
 * loss, reports each end once as {@code pty.exit}, and hangs up everything a terminal started when
 * it is closed.
 */
@NullMarked
package dev.rexd.core.pty;

import org.jspecify.annotations.NullMarked;
