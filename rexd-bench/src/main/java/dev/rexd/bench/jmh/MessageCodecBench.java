package dev.rexd.bench.jmh;

import dev.rexd.api.fs.EntryType;
import dev.rexd.api.fs.FsStatParams;
import dev.rexd.api.fs.FsStatResult;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcRequest;
import dev.rexd.api.rpc.JsonRpcResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;

/**
 * The JSON-RPC codec on a typical small call: an {@code fs.stat} request line parsed to a tree,
 * its envelope decoded and its params bound to the record ({@code Dispatcher.dispatch}
 * + {@code decode}); and an {@code fs.stat} result turned into the response line's bytes, once
 * through a tree ({@code valueToTree}, {@code JsonRpcCodec.encode}, then the transport
 * encoding the text: how the server wrote every response before) and once straight from
 * the record ({@code responseEncodeDirect}: what the server's {@code CallOutcome} does now).
 *
 * <pre>{@code
 * bin/rexd-bench --jmh MessageCodecBench
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MessageCodecBench {
  private static final JsonMapper MAPPER = RexdJson.mapper();

  private String requestLine;
  private FsStatResult statResult;

  @Setup
  public void setup() {
    requestLine = "{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"fs.stat\",\"params\":{\"session_id\":"
        + "\"sess_ae8d49a067a4916687384b2c\",\"path\":\"src/main/java/dev/rexd/core/RexdServer.java\"}}";
    statResult = new FsStatResult("/srv/app/src/main/java/dev/rexd/core/RexdServer.java", true, EntryType.FILE,
        9713L, 1763912666000L, "-rw-r--r--", "0644", 1000, 1000, null, null);
  }

  @Benchmark
  public FsStatParams requestDecode() {
    JsonNode node = JsonRpcCodec.parse(requestLine);
    JsonRpcRequest r = (JsonRpcRequest) JsonRpcCodec.decode(node);
    return MAPPER.treeToValue(r.params(), FsStatParams.class);
  }

  @Benchmark
  public byte[] responseEncode() {
    JsonNode result = MAPPER.valueToTree(statResult);
    return (JsonRpcCodec.encode(JsonRpcResponse.success(IntNode.valueOf(17), result)) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The response written straight from the record to bytes: one {@code writeValueAsBytes} of an envelope. */
  @Benchmark
  public byte[] responseEncodeDirect() {
    return MAPPER.writeValueAsBytes(new Envelope("2.0", 17, statResult));
  }

  /** A response envelope bound directly to the typed result (no intermediate tree). */
  public record Envelope(String jsonrpc, long id, Object result) {}
}
