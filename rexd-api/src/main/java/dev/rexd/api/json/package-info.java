/** The Jackson mapper shared by every REXD peer. */
@NullMarked
package dev.rexd.api.json;

import org.jspecify.annotations.NullMarked;
