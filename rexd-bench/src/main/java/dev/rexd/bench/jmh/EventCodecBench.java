package dev.rexd.bench.jmh;

import dev.rexd.api.Encoding;
import dev.rexd.api.exec.ExecOutputEvent;
import dev.rexd.api.exec.StreamName;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcNotification;
import dev.rexd.api.rpc.OutputEventFrames;
import dev.rexd.core.process.ChunkEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON-RPC codec with Jackson on output events, the messages that carry nearly all bytes
 * (requests and responses: {@link MessageCodecBench}):
 *
 * <ul>
 *   <li>{@code event*}: one output chunk ({@code chunkBytes} of text or random bytes) turned into
 *       the bytes of an {@code exec.stdout} line. {@code eventTree} is the path every event took
 *       before output events went as bytes ({@code Chunk.data()} String or base64 String,
 *       {@code valueToTree}, tree, String, then {@code getBytes} in the stdio transport);
 *       {@code eventDirect} is the server's path now, {@link OutputEventFrames}: the frame's bytes
 *       written straight from the chunk (runs between escapes copied whole, base64 by the JDK's
 *       encoder), never building a String. Both produce byte-identical lines (checked in setup);
 *   <li>{@code clientEvent*}: the client side of an event line, the data field back to bytes: tree
 *       parse vs one streaming parser pass that still makes the data a String (rexd-client's own
 *       reader, which makes none: {@code dev.rexd.client.OutputEventReaderBench}).
 * </ul>
 *
 * <pre>{@code
 * bin/rexd-bench --jmh EventCodecBench
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventCodecBench {
  private static final JsonMapper MAPPER = RexdJson.mapper();
  private static final String SID = "sess_ae8d49a067a4916687384b2c";

  @Param({"4096", "65536"})
  public int chunkBytes;

  /**
   * text: log-like ASCII text and utf8: multi-byte text (both go out as utf8); random: bytes that go
   * out as base64.
   */
  @Param({"text", "utf8", "random"})
  public String content;

  private byte[] chunk;
  private Encoding encoding;
  private String eventLine;
  private byte[] eventLineBytes;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);

  @Setup
  public void setup() {
    ChunkEncoder.Chunk c = chunk(content, chunkBytes);
    chunk = c.bytes();
    encoding = c.encoding();
    byte[] tree = eventTree();
    byte[] direct = eventDirect();
    if (!java.util.Arrays.equals(tree, direct)) {
      throw new IllegalStateException("direct event encoding differs:\n" + new String(tree, StandardCharsets.UTF_8)
          .substring(0, 200) + "\n" + new String(direct, StandardCharsets.UTF_8).substring(0, 200));
    }
    eventLine = new String(tree, 0, tree.length - 1, StandardCharsets.UTF_8);
    eventLineBytes = java.util.Arrays.copyOf(tree, tree.length - 1);
  }

  /**
   * About {@code size} bytes of {@code content} ({@code text}, {@code utf8}, {@code random}) as the
   * server's chunking makes them: whole characters only, and the encoding they travel in.
   */
  public static ChunkEncoder.Chunk chunk(String content, int size) {
    byte[] bytes = ChunkBench.content(content.equals("text") ? "ascii" : content, size);
    return new ChunkEncoder().feed(bytes, 0, bytes.length);
  }

  @Benchmark
  public void eventTree(BytesCounter counter, Blackhole bh) {
    bh.consume(eventTree());
    counter.bytes += chunk.length;
  }

  @Benchmark
  public void eventDirect(BytesCounter counter, Blackhole bh) {
    bh.consume(eventDirect());
    counter.bytes += chunk.length;
  }

  @Benchmark
  public void clientEventTree(BytesCounter counter, Blackhole bh) {
    JsonNode params = MAPPER.readTree(eventLine).get("params");
    bh.consume(Encoding.valueOf(params.get("encoding").asString().toUpperCase(java.util.Locale.ROOT))
        .decode(params.get("data").asString()));
    counter.bytes += chunk.length;
  }

  @Benchmark
  public void clientEventStreaming(BytesCounter counter, Blackhole bh) {
    try (JsonParser p = MAPPER.createParser(eventLineBytes)) {
      String data = null;
      boolean base64 = false;
      int depth = 0;
      for (JsonToken t; (t = p.nextToken()) != null; ) {
        if (t == JsonToken.START_OBJECT) {
          depth++;
        } else if (t == JsonToken.END_OBJECT) {
          depth--;
        } else if (t == JsonToken.PROPERTY_NAME && depth == 2) {
          String name = p.currentName();
          p.nextToken();
          if (name.equals("data")) {
            data = p.getString();
          } else if (name.equals("encoding")) {
            base64 = p.getString().equals("base64");
          }
        }
      }
      bh.consume(base64 ? Base64.getDecoder().decode(data) : data.getBytes(StandardCharsets.UTF_8));
    }
    counter.bytes += chunk.length;
  }

  /** The tree path (every event before): Chunk.data(), valueToTree, JsonRpcCodec.encode, getBytes. */
  private byte[] eventTree() {
    ChunkEncoder.Chunk c = new ChunkEncoder.Chunk(chunk, encoding);
    ExecOutputEvent e = new ExecOutputEvent(SID, "p_42", 7, c.data(), c.encoding());
    String frame = JsonRpcCodec.encode(new JsonRpcNotification("exec.stdout", MAPPER.valueToTree(e)));
    return (frame + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The same line as the server writes it now: {@link OutputEventFrames}, then the transport's newline. */
  private byte[] eventDirect() {
    out.reset();
    out.writeBytes(OutputEventFrames.exec(StreamName.STDOUT, SID, "p_42", 7, chunk, encoding));
    out.write('\n');
    return out.toByteArray();
  }
}
