package dev.rexd.core.recording;

import dev.rexd.api.RexdMethods;
import dev.rexd.api.recording.RecordingListResult;
import dev.rexd.core.auth.AccessRules;
import dev.rexd.core.rpc.MethodRegistry;

/**
 * Binds {@code recording.list} and {@code recording.get} to a {@link Recorder}, for every role
 * but each principal sees only the recordings {@link AccessRules#mayRead} allows: a viewer or
 * operator every one, an agent those of its own sessions. A recording the caller may not read is
 * {@code -32602 not_found}, as if it did not exist.
 *
 * <pre>{@code
 * RecordingMethods.register(registry, recorder);
 * }</pre>
 */
public final class RecordingMethods {
  private RecordingMethods() {}

  public static void register(MethodRegistry registry, Recorder recorder) {
    registry.register(RexdMethods.RECORDING_LIST, (call, p) -> new RecordingListResult(
        recorder.list(p.sessionId(), owner -> AccessRules.mayRead(call.principal(), owner))));
    registry.register(RexdMethods.RECORDING_GET, (call, p) -> {
      recorder.checkReadable(p.recordingId(), call.principal());
      return recorder.read(p.recordingId(), p.offset() == null ? 0 : p.offset(), p.length());
    });
  }
}
