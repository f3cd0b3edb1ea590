package dev.rexd.client;

import dev.rexd.api.Encoding;
import dev.rexd.api.RexdEvents;
import dev.rexd.api.exec.StreamName;
import dev.rexd.api.json.RexdJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads an output event ({@code exec.stdout}, {@code exec.stderr}, {@code pty.output}) in one
 * streaming-parser pass, its {@code data} straight into the chunk's bytes: from a UTF-8 frame
 * without making a {@code String} (the value's bytes are unescaped in place, base64 is decoded from
 * them), from a text frame through the parser's string. Anything else (responses, other events, an
 * output event it cannot vouch for) is {@code null}, and the caller reads the frame as a tree, which
 * also reports what is wrong with it.
 *
 * <pre>{@code
 * OutputEventReader.Output out = OutputEventReader.read(utf8, off, len);
 * if (out != null) routes.get(out.routeKey()).onOutput(out.chunk());
 * }</pre>
 */
final class OutputEventReader {
  private static final Base64.Decoder BASE64 = Base64.getDecoder();

  /** An output event: where it goes ({@link RpcConnection#routeKey}) and what it carries. */
  record Output(String routeKey, Chunk chunk) {}

  private final byte @Nullable [] utf8;
  private final int end;
  private @Nullable String method;
  private boolean version;
  private @Nullable String processId;
  private @Nullable String ptyId;
  private long seq = -1;
  private int dataQuote = -1;
  private @Nullable String dataText;
  private @Nullable Encoding encoding;

  private OutputEventReader(byte @Nullable [] utf8, int end) {
    this.utf8 = utf8;
    this.end = end;
  }

  /** The output event in {@code len} UTF-8 bytes of {@code utf8} from {@code off}, else null. */
  static @Nullable Output read(byte[] utf8, int off, int len) {
    OutputEventReader r = new OutputEventReader(utf8, off + len);
    try (JsonParser p = RexdJson.mapper().createParser(utf8, off, len)) {
      return r.read(p, off);
    } catch (JacksonException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The output event in a text frame, else null. */
  static @Nullable Output read(String json) {
    OutputEventReader r = new OutputEventReader(null, 0);
    try (JsonParser p = RexdJson.mapper().createParser(json)) {
      return r.read(p, 0);
    } catch (JacksonException | IllegalArgumentException e) {
      return null;
    }
  }

  private @Nullable Output read(JsonParser p, int off) {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("params")) {
        if (value != JsonToken.START_OBJECT) {
          return null;
        }
        readParams(p, off);
      } else if (value != JsonToken.VALUE_STRING) {
        return null;
      } else if (name.equals("jsonrpc")) {
        version = p.getString().equals("2.0");
      } else if (name.equals("method")) {
        method = p.getString();
        if (!isOutput(method)) {
          return null;
        }
      } else {
        return null; // an id, a result, an error: not an event
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || !version || method == null
        || seq < 0 || encoding == null || dataQuote < 0 && dataText == null) {
      return null;
    }
    String key = RpcConnection.routeKey(method, processId, ptyId);
    return key == null ? null : new Output(key, Chunk.owning(stream(method), seq, data()));
  }

  private void readParams(JsonParser p, int off) {
    for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      boolean string = value == JsonToken.VALUE_STRING;
      switch (name) {
        case "process_id" -> processId = string ? p.getString() : null;
        case "pty_id" -> ptyId = string ? p.getString() : null;
        case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
        case "encoding" -> encoding = string ? encoding(p.getString()) : null;
        case "data" -> markData(p, string, off);
        default -> { }
      }
      p.skipChildren(); // an object or array value of any name, so that its names are not taken for params
    }
  }

  /**
   * Notes where the data is: from a text frame its string; from a UTF-8 frame the offset of its
   * opening quote, leaving the value unread (the parser only skips it) until the end.
   */
  private void markData(JsonParser p, boolean string, int off) {
    dataText = null;
    dataQuote = -1;
    if (!string) {
      return;
    }
    if (utf8 == null) {
      dataText = p.getString();
      return;
    }
    int quote = off + (int) p.currentTokenLocation().getByteOffset();
    dataQuote = utf8[quote] == '"' ? quote : -1;
  }

  private byte[] data() {
    if (utf8 == null) {
      return encoding == Encoding.UTF8 ? dataText.getBytes(StandardCharsets.UTF_8) : BASE64.decode(dataText);
    }
    if (encoding == Encoding.UTF8) {
      return JsonStrings.unescape(utf8, dataQuote, end);
    }
    int from = dataQuote + 1;
    int close = JsonStrings.nextQuoteOrBackslash(utf8, from, end);
    if (utf8[close] != '"') {
      return BASE64.decode(JsonStrings.unescape(utf8, dataQuote, end)); // escapes in base64: an escaped '/'
    }
    ByteBuffer bytes = BASE64.decode(ByteBuffer.wrap(utf8, from, close - from));
    return bytes.limit() == bytes.capacity() ? bytes.array() : Arrays.copyOf(bytes.array(), bytes.limit());
  }

  private static boolean isOutput(String method) {
    return method.equals(RexdEvents.EXEC_STDOUT.name()) || method.equals(RexdEvents.EXEC_STDERR.name())
        || method.equals(RexdEvents.PTY_OUTPUT.name());
  }

  private static StreamName stream(String method) {
    return method.equals(RexdEvents.EXEC_STDERR.name()) ? StreamName.STDERR : StreamName.STDOUT;
  }

  private static @Nullable Encoding encoding(String wireName) {
    for (Encoding e : Encoding.values()) {
      if (e.wireName().equals(wireName)) {
        return e;
      }
    }
    return null;
  }
}
