package dev.rexd.core.recording;

import dev.rexd.api.json.RexdJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads an asciicast v2 or v3 recording line by line. Reading stops at the first line that is
 * not a valid event (a corrupt file, or the torn last line a crash leaves): everything before it
 * is returned, and {@link #problem()} says which line it was and why.
 *
 * <pre>{@code
 * try (CastReader cast = new CastReader(Files.newInputStream(file))) {
 *   for (CastEvent e; (e = cast.next()) != null; ) {
 *     if (e.code().equals(CastEvent.OUTPUT)) System.out.print(e.data());
 *   }
 *   if (cast.problem() != null) System.err.println(cast.problem());
 * }
 * }</pre>
 */
public final class CastReader implements AutoCloseable {
  private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);

  private final BufferedReader in;
  private final CastHeader header;
  private final int version;
  private int lineNumber = 1;
  private long lastMicros;
  private @Nullable String problem;

  /**
   * Reads the header from {@code stream}.
   *
   * @throws CastFormatException when the first line is not an asciicast v2 or v3 header
   */
  public CastReader(InputStream stream) {
    this.in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    String first = readLine();
    if (first == null) {
      throw new CastFormatException("line 1: empty file, no asciicast header");
    }
    JsonNode h;
    try {
      h = RexdJson.mapper().readTree(first);
    } catch (JacksonException e) {
      throw new CastFormatException("line 1: not a JSON header: " + e.getOriginalMessage());
    }
    this.version = h.path("version").asInt(0);
    JsonNode size = version == 3 ? h.path("term") : h;
    int cols = size.path(version == 3 ? "cols" : "width").asInt(0);
    int rows = size.path(version == 3 ? "rows" : "height").asInt(0);
    if ((version != 2 && version != 3) || cols <= 0 || rows <= 0) {
      throw new CastFormatException("line 1: not an asciicast v2 or v3 header (version " + h.path("version")
          + ", terminal size " + cols + "x" + rows + ")");
    }
    Map<String, String> meta = new LinkedHashMap<>();
    h.path(CastHeader.META_KEY).properties().forEach(e -> meta.put(e.getKey(), e.getValue().asString("")));
    this.header = new CastHeader(cols, rows, h.path("timestamp").asLong(0), h.path("title").asString(""), meta);
  }

  public CastHeader header() {
    return header;
  }

  /** The asciicast version: 2 or 3. */
  public int version() {
    return version;
  }

  /** The next event, or null at the end of the file or at the first bad line. */
  public @Nullable CastEvent next() {
    if (problem != null) {
      return null;
    }
    for (String line; (line = readLine()) != null; ) {
      lineNumber++;
      if (line.isEmpty() || (version == 3 && line.startsWith("#"))) {
        continue;
      }
      CastEvent event = parse(line);
      if (event == null) {
        return null;
      }
      lastMicros = event.atMicros();
      return event;
    }
    return null;
  }

  /** Why reading stopped early ({@code line N: ...}), or null when the file was read to its end. */
  public @Nullable String problem() {
    return problem;
  }

  private @Nullable CastEvent parse(String line) {
    JsonNode node;
    try {
      node = RexdJson.mapper().readTree(line);
    } catch (JacksonException e) {
      return fail("not JSON (" + e.getOriginalMessage() + ")");
    }
    if (!node.isArray() || node.size() != 3 || !node.get(0).isNumber() || !node.get(1).isString()
        || !node.get(2).isString()) {
      return fail("not a [time, code, data] event");
    }
    long micros = node.get(0).decimalValue().multiply(MICROS).setScale(0, RoundingMode.HALF_UP).longValueExact();
    if (micros < 0) {
      return fail("negative time");
    }
    long at = version == 3 ? lastMicros + micros : micros;
    return new CastEvent(at, node.get(1).asString(), node.get(2).asString());
  }

  private @Nullable CastEvent fail(String why) {
    problem = "line " + lineNumber + ": " + why;
    return null;
  }

  private @Nullable String readLine() {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
