package dev.rexd.client;

import dev.rexd.api.exec.StreamName;
import org.jspecify.annotations.Nullable;

/**
 * rexd-client's output event decoder for the harness's raw client: the chunk of an exec output
 * line ({@code exec.stdout} or {@code exec.stderr}), its data unescaped or base64-decoded straight
 * from the frame's bytes, as rexd-client reads it. It sits in rexd-client's package to reach the
 * package-private reader.
 *
 * <pre>{@code
 * ClientOutputEvents.Output out = ClientOutputEvents.read(utf8, off, len);
 * if (out != null) procs.get(out.processId()).accept(out.stderr(), out.seq(), out.bytes());
 * }</pre>
 */
public final class ClientOutputEvents {
  private static final String EXEC_ROUTE = "exec:";

  private ClientOutputEvents() {}

  /** One process's output chunk. */
  public record Output(String processId, boolean stderr, long seq, byte[] bytes) {}

  /** The exec output event in {@code len} UTF-8 bytes of {@code utf8} from {@code off}, else null. */
  public static @Nullable Output read(byte[] utf8, int off, int len) {
    return exec(OutputEventReader.read(utf8, off, len));
  }

  /** The exec output event in a text frame, else null. */
  public static @Nullable Output read(String json) {
    return exec(OutputEventReader.read(json));
  }

  private static @Nullable Output exec(OutputEventReader.@Nullable Output out) {
    if (out == null || !out.routeKey().startsWith(EXEC_ROUTE)) {
      return null;
    }
    Chunk c = out.chunk();
    return new Output(out.routeKey().substring(EXEC_ROUTE.length()), c.stream() == StreamName.STDERR, c.seq(),
        c.bytes());
  }
}
