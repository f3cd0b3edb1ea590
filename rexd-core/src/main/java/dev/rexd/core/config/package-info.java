/** The TOML configuration file (protocol section 8), compatible with the Go server's layout. */
@NullMarked
package dev.rexd.core.config;

import org.jspecify.annotations.NullMarked;
