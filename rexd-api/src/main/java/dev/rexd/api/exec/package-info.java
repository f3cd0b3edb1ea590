/** Process methods and events (protocol section 4). */
@NullMarked
package dev.rexd.api.exec;

import org.jspecify.annotations.NullMarked;
