/**
 * The file methods of protocol section 5: {@link dev.rexd.core.fs.FsService} and the small pieces
 * it is built from (atomic writes, glob walking, the {@code *** Begin Patch} parser and applier).
 */
@NullMarked
package dev.rexd.core.fs;

import org.jspecify.annotations.NullMarked;
