/**
 * The host's side of a hub: {@link dev.rexd.hub.host.HostConnector} keeps a control connection to
 * the hub and serves REXD over every data connection the hub asks for.
 */
@NullMarked
package dev.rexd.hub.host;

import org.jspecify.annotations.NullMarked;
