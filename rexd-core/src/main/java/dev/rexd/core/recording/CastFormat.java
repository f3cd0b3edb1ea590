package dev.rexd.core.recording;

import dev.rexd.api.json.RexdJson;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/**
 * The asciicast versions recordings are written in. Both are newline-delimited JSON: a header
 * object, then one {@code [time, code, data]} array per event. v3 (asciinema 3, asciinema-player
 * 3) gives each event's time as the interval since the previous event and has an exit event
 * ({@code x}); v2 gives the time since the start and has no exit event.
 *
 * <pre>{@code
 * CastFormat f = CastFormat.parse("v2");
 * String line = f.eventLine(1_500_000, 1_000_000, "o", "hi\r\n"); // [1.500000, "o", "hi\r\n"]
 * }</pre>
 */
public enum CastFormat {
  V3(3),
  V2(2);

  /** The terminal type recordings declare. */
  static final String TERM_TYPE = "xterm-256color";

  private final int version;

  CastFormat(int version) {
    this.version = version;
  }

  /** The format a config value names: {@code "v3"} or {@code "v2"} (case-insensitive). */
  public static CastFormat parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "v3", "3" -> V3;
      case "v2", "2" -> V2;
      default -> throw new IllegalArgumentException("unknown recording format '" + name + "' (v3 or v2)");
    };
  }

  /** The {@code version} number in the header. */
  public int version() {
    return version;
  }

  /** Whether this version has the event code ({@code x} exists only in v3). */
  public boolean supports(String code) {
    return this == V3 || !code.equals(CastEvent.EXIT);
  }

  /** The header line, without its newline. */
  String headerLine(CastHeader h) {
    ObjectNode node = RexdJson.mapper().createObjectNode();
    node.put("version", version);
    if (this == V3) {
      ObjectNode term = node.putObject("term");
      term.put("cols", h.cols()).put("rows", h.rows()).put("type", TERM_TYPE);
    } else {
      node.put("width", h.cols()).put("height", h.rows());
    }
    node.put("timestamp", h.timestamp());
    node.put("title", h.title());
    ObjectNode env = node.putObject("env");
    env.put("TERM", TERM_TYPE);
    ObjectNode meta = node.putObject(CastHeader.META_KEY);
    h.meta().forEach(meta::put);
    return RexdJson.mapper().writeValueAsString(node);
  }

  /**
   * One event line, without its newline: at {@code atMicros} since the start, after an event at
   * {@code previousMicros}, with microsecond precision.
   */
  public String eventLine(long atMicros, long previousMicros, String code, String data) {
    long time = this == V3 ? atMicros - previousMicros : atMicros;
    StringBuilder sb = new StringBuilder(data.length() + 32).append('[');
    appendSeconds(sb, time).append(", ");
    sb.append(RexdJson.mapper().writeValueAsString(code)).append(", ");
    sb.append(RexdJson.mapper().writeValueAsString(data)).append(']');
    return sb.toString();
  }

  private static StringBuilder appendSeconds(StringBuilder sb, long micros) {
    String frac = Long.toString(micros % 1_000_000);
    sb.append(micros / 1_000_000).append('.');
    for (int i = frac.length(); i < 6; i++) {
      sb.append('0');
    }
    return sb.append(frac);
  }
}
