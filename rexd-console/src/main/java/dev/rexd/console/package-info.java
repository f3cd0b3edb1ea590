/** The operator console: its web page and the servlet that serves it. */
@NullMarked
package dev.rexd.console;

import org.jspecify.annotations.NullMarked;
