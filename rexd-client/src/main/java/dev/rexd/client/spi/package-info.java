/**
 * The service interface through which transport modules plug remote transports (HTTP, WebSocket)
 * into {@link dev.rexd.client.RexdTargets target routing}.
 */
@NullMarked
package dev.rexd.client.spi;

import org.jspecify.annotations.NullMarked;
