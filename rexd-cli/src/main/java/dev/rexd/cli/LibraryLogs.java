package dev.rexd.cli;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the libraries' own logging (pty4j, Jetty, the MCP SDK; all reach java.util.logging, which writes to
 * stderr) to warnings, so an operator's stderr shows rexd's lines and real problems only.
 *
 * <pre>{@code
 * LibraryLogs.warningsOnly();
 * }</pre>
 */
final class LibraryLogs {
  /** Held so the configured loggers are not collected and reset. */
  private static final List<Logger> QUIETED = List.of(Logger.getLogger("com.pty4j"), Logger.getLogger("org.eclipse.jetty"),
      Logger.getLogger("io.modelcontextprotocol"));

  private LibraryLogs() {}

  static void warningsOnly() {
    QUIETED.forEach(l -> l.setLevel(Level.WARNING));
  }
}
