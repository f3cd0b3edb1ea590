package dev.rexd.core.audit;

import dev.rexd.api.json.RexdJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends audit records to a file as JSON lines; each line is written with one append call so
 * concurrent calls never interleave within a line.
 *
 * <pre>{@code
 * AuditSink sink = new JsonLinesAuditSink(Path.of("audit.log"));
 * }</pre>
 */
public final class JsonLinesAuditSink implements AuditSink {
  private final Path file;

  public JsonLinesAuditSink(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public synchronized void write(AuditRecord record) throws IOException {
    Path dir = file.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      Files.createDirectories(dir);
    }
    byte[] line = (RexdJson.mapper().writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
    Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
  }

  @Override
  public String toString() {
    return "audit log " + file;
  }
}
