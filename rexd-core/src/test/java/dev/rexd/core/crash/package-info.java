/** Tests that kill a server process mid-work and check what the next server finds. */
@NullMarked
package dev.rexd.core.crash;

import org.jspecify.annotations.NullMarked;
