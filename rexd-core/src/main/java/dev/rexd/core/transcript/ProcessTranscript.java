package dev.rexd.core.transcript;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The transcript of one running process: its output is collected (within the budget) until it
 * ends, then one line is written.
 *
 * <pre>{@code
 * ProcessTranscript t = log.begin(sessionId, clientName, principal, processId, argv, null, cwd, envKeys);
 * t.output(chunk, 0, n);
 * t.ended(exitCode, signal, timedOut, durationMs, bytesStdout, bytesStderr, truncated);
 * }</pre>
 */
public final class ProcessTranscript {
  private final TranscriptLog log;
  private final OutputDigest output;
  private final String sessionId;
  private final String clientName;
  private final @Nullable String principal;
  private final String processId;
  private final @Nullable List<String> argv;
  private final @Nullable String command;
  private final String cwd;
  private final List<String> envKeys;
  private final AtomicBoolean ended = new AtomicBoolean();

  ProcessTranscript(TranscriptLog log, OutputDigest output, String sessionId, String clientName,
      @Nullable String principal, String processId, @Nullable List<String> argv, @Nullable String command, String cwd,
      List<String> envKeys) {
    this.log = log;
    this.output = output;
    this.sessionId = sessionId;
    this.clientName = clientName;
    this.principal = principal;
    this.processId = processId;
    this.argv = argv == null ? null : List.copyOf(argv);
    this.command = command;
    this.cwd = cwd;
    this.envKeys = List.copyOf(envKeys);
  }

  /** Output of the process (stdout and stderr alike, in the order they arrive). */
  public void output(byte[] bytes, int offset, int length) {
    output.write(bytes, offset, length);
  }

  /** The process ended: writes its line (once). */
  public void ended(@Nullable Integer exitCode, @Nullable String signal, boolean timedOut, long durationMs,
      long bytesStdout, long bytesStderr, boolean truncated) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    log.write(new TranscriptEntry(Instant.now().toString(), sessionId, clientName, principal, processId, argv,
        command, cwd, envKeys, exitCode, signal, timedOut, durationMs, bytesStdout, bytesStderr, truncated,
        output.text()));
  }
}
