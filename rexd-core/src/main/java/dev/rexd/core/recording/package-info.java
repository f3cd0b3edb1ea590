/**
 * Terminal recordings (asciicast v3, or v2 for older players) of sessions and terminals, their
 * retention and the {@code recording.list} / {@code recording.get} methods (protocol section 9.5).
 */
@NullMarked
package dev.rexd.core.recording;

import org.jspecify.annotations.NullMarked;
