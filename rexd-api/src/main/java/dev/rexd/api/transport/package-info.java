/** The transport SPI: framed JSON text moved between two peers. */
@NullMarked
package dev.rexd.api.transport;

import org.jspecify.annotations.NullMarked;
