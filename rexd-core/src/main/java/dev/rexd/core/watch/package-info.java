/**
 * Watching (protocol section 9.3): {@code server.sessions}, {@code server.watch},
 * {@code session.watch} and the lifecycle events, each watcher behind a bounded queue of its own
 * so that it never slows the session it watches.
 */
@NullMarked
package dev.rexd.core.watch;

import org.jspecify.annotations.NullMarked;
