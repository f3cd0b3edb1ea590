/**
 * NDJSON over byte streams: serve a server on stdin/stdout, spawn or attach to a stdio server, and
 * an in-memory transport pair.
 */
@NullMarked
package dev.rexd.transport.stdio;

import org.jspecify.annotations.NullMarked;
