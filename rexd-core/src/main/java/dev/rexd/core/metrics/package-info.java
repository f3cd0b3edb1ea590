/** The server's metrics in Prometheus text (protocol section 9.9), through Micrometer. */
@NullMarked
package dev.rexd.core.metrics;

import org.jspecify.annotations.NullMarked;
