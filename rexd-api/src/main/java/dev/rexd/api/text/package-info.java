/**
 * The text view: a terminal's output stream rendered as the text a person would read on the
 * screen, for transcripts, {@code strip_ansi} and agent tools. Pure: no threads, no I/O.
 */
@NullMarked
package dev.rexd.api.text;

import org.jspecify.annotations.NullMarked;
