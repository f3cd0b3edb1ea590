package dev.rexd.core.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One transcript line: who ran what where, how it ended, and its output as text (escapes removed,
 * cut to head and tail). {@code env} lists the names of the variables set, never their values.
 *
 * <pre>{@code
 * {"time":"2026-11-23T10:00:01.5Z","session_id":"sess_1","client_name":"agent","principal":null,
 *  "process_id":"p_1","argv":["make","test"],"cwd":"/srv/app","env":["CI"],"exit_code":2,"signal":null,
 *  "timed_out":false,"duration_ms":1500,"bytes_stdout":1200,"bytes_stderr":80,"truncated":false,
 *  "output":"...\nmake: *** [test] Error 2"}
 * }</pre>
 */
public record TranscriptEntry(
    String time,
    String sessionId,
    String clientName,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String principal,
    String processId,
    @Nullable List<String> argv,
    @Nullable String command,
    String cwd,
    List<String> env,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Integer exitCode,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String signal,
    boolean timedOut,
    long durationMs,
    long bytesStdout,
    long bytesStderr,
    boolean truncated,
    String output) {

  /** Whether the process failed: a non-zero exit, a signal or a timeout. */
  public boolean failed() {
    return timedOut || signal != null || exitCode == null || exitCode != 0;
  }

  /** The command as a person would type it: the shell command, or the argv joined by spaces. */
  public String commandLine() {
    return command != null ? command : argv == null ? "" : String.join(" ", argv);
  }
}
