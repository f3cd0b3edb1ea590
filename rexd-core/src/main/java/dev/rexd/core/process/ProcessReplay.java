package dev.rexd.core.process;

import dev.rexd.api.RexdEvents;
import dev.rexd.api.exec.ExecOutputEvent;
import dev.rexd.api.exec.OutputChunk;
import dev.rexd.api.exec.StreamName;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.pty.PtyOutputEvent;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcNotification;
import dev.rexd.core.session.OutputTag;
import dev.rexd.core.session.Session;
import java.util.ArrayList;
import java.util.List;

/**
 * The retained output of a session's running processes and terminals as the events that carried
 * it, with their original {@code seq}: what {@code session.watch {replay: true}} sends first, so a
 * late watcher sees a terminal's current screen.
 *
 * <pre>{@code
 * for (ProcessReplay.Frame f : ProcessReplay.of(session)) queue.force(f.frame());
 * }</pre>
 */
public final class ProcessReplay {
  /** One replayed event and the chunk it carries. */
  public record Frame(OutputTag tag, String frame) {}

  private ProcessReplay() {}

  /** The retained output of every running process and terminal of {@code session}, in order per stream. */
  public static List<Frame> of(Session session) {
    ProcessTable table = session.existingFeature(ProcessTable.class);
    if (table == null) {
      return List.of();
    }
    List<Frame> out = new ArrayList<>();
    for (ManagedProcess p : table.running()) {
      String ptyId = p.ptyId();
      for (OutputChunk c : p.output(null, 0)) {
        OutputTag tag = new OutputTag(p.id(), c.stream(), c.seq());
        Object event = ptyId != null
            ? new PtyOutputEvent(session.id(), ptyId, p.id(), c.seq(), c.data(), c.encoding())
            : new ExecOutputEvent(session.id(), p.id(), c.seq(), c.data(), c.encoding());
        String method = ptyId != null ? RexdEvents.PTY_OUTPUT.name()
            : c.stream() == StreamName.STDERR ? RexdEvents.EXEC_STDERR.name() : RexdEvents.EXEC_STDOUT.name();
        out.add(new Frame(tag, JsonRpcCodec.encode(new JsonRpcNotification(method,
            RexdJson.mapper().valueToTree(event)))));
      }
    }
    return out;
  }
}
