/** {@code GET /recordings/{id}.cast}: recordings over HTTP, behind the server's checks. */
@NullMarked
package dev.rexd.transport.http.recording;

import org.jspecify.annotations.NullMarked;
