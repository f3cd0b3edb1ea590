/** JSON-RPC dispatch: method registry, concurrent handling, batches, connections with bounded outbound queues. */
@NullMarked
package dev.rexd.core.rpc;

import org.jspecify.annotations.NullMarked;
