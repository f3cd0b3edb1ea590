/** Session methods (protocol section 3). */
@NullMarked
package dev.rexd.api.session;

import org.jspecify.annotations.NullMarked;
