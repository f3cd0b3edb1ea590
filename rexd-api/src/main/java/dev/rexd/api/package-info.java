/**
 * The REXD v1 protocol as Java: method and event descriptors, error codes and the shared result types.
 *
 * <p>Feature packages hold one record per params, result and event type; {@link dev.rexd.api.rpc}
 * holds the JSON-RPC envelope and {@link dev.rexd.api.transport} the transport SPI.
 */
@NullMarked
package dev.rexd.api;

import org.jspecify.annotations.NullMarked;
