/** Recording methods (protocol section 9.5): listing and reading session and terminal recordings. */
@NullMarked
package dev.rexd.api.recording;

import org.jspecify.annotations.NullMarked;
