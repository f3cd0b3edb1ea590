/** File methods (protocol section 5). */
@NullMarked
package dev.rexd.api.fs;

import org.jspecify.annotations.NullMarked;
