/**
 * Runnable examples of the REXD client and server, each a small class with a {@code main}:
 * {@link dev.rexd.examples.QuickStart} (a session against {@code bin/rexd --stdio}),
 * {@link dev.rexd.examples.ToolsForAModel} (the agent tools as a framework hands them to a model) and
 * {@link dev.rexd.examples.EmbeddedServer} (a JVM app serving rexd in-process and over HTTP).
 * Run one with {@code examples/run NAME [args]}.
 */
@NullMarked
package dev.rexd.examples;

import org.jspecify.annotations.NullMarked;
