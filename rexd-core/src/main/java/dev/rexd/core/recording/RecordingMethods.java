package dev.rexd.core.recording;

import dev.rexd.api.RexdMethods;
import dev.rexd.api.recording.RecordingListResult;
import dev.rexd.core.rpc.MethodRegistry;

/**
 * Binds {@code recording.list} and {@code recording.get} to a {@link Recorder}. Every caller is an
 * operator until principals and roles exist ({@code [server] auth_token} and stdio both mean
 * operator), so each sees every recording.
 *
 * <pre>{@code
 * RecordingMethods.register(registry, recorder);
 * }</pre>
 */
public final class RecordingMethods {
  private RecordingMethods() {}

  public static void register(MethodRegistry registry, Recorder recorder) {
    registry.register(RexdMethods.RECORDING_LIST,
        (call, p) -> new RecordingListResult(recorder.list(p.sessionId(), sessionId -> true)));
    registry.register(RexdMethods.RECORDING_GET,
        (call, p) -> recorder.read(p.recordingId(), p.offset() == null ? 0 : p.offset(), p.length()));
  }
}
