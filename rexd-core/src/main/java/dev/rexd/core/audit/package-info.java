/** The audit log: one redacted JSON line per call (protocol section 7). */
@NullMarked
package dev.rexd.core.audit;

import org.jspecify.annotations.NullMarked;
