/** Sessions: roots, cwd, limits, event subscribers and per-feature state. */
@NullMarked
package dev.rexd.core.session;

import org.jspecify.annotations.NullMarked;
