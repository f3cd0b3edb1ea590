/**
 * The typed fluent REXD client: one immutable {@link dev.rexd.client.RexdClient} per connection,
 * {@link dev.rexd.client.RexdSession sessions} with exec, file and terminal calls, typed exceptions,
 * and {@link dev.rexd.client.RexdTargets target routing} from {@code ~/.config/rexd/targets.json}.
 *
 * <p>Threading: the transport's reader thread only matches responses and queues output; results,
 * callbacks and subscriber signals run on the client's callback executor (daemon threads named
 * {@code rexd-client-...}, ended by {@link dev.rexd.client.RexdClient#close()}).
 */
@NullMarked
package dev.rexd.client;

import org.jspecify.annotations.NullMarked;
