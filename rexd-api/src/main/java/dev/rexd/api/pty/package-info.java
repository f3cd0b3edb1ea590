/** Terminal methods and events (protocol section 6). */
@NullMarked
package dev.rexd.api.pty;

import org.jspecify.annotations.NullMarked;
