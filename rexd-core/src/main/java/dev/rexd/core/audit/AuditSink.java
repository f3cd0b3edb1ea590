package dev.rexd.core.audit;

import java.nio.file.Path;

/**
 * Where audit records go. A sink may fail; the server logs that and the call still succeeds.
 *
 * <pre>{@code
 * RexdServer.builder().audit(AuditSink.jsonLines(Path.of("/var/log/rexd/audit.log")))
 * }</pre>
 */
@FunctionalInterface
public interface AuditSink {

  /** Records one call. */
  void write(AuditRecord record) throws Exception;

  /** A sink that records nothing. */
  static AuditSink none() {
    return NoAuditSink.INSTANCE;
  }

  /** Appends one JSON line per record to {@code file}, creating it and its directory. */
  static AuditSink jsonLines(Path file) {
    return new JsonLinesAuditSink(file);
  }
}
