/** The JSON-RPC 2.0 envelope: requests, notifications, responses and their codec. */
@NullMarked
package dev.rexd.api.rpc;

import org.jspecify.annotations.NullMarked;
