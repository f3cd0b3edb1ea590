package dev.rexd.core.pty;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.core.exec.StartRequest;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one {@code pty.open} runs: the command as {@code exec.start} checks it (policy, cwd, program,
 * merged environment), the terminal's environment, its initial size and the ids it answers to.
 *
 * <pre>{@code
 * TerminalSpec spec = TerminalSpec.of("pty_1", "proc_1", request, params.env(), 120, 32);
 * PtyProcess process = spec.spawn();
 * }</pre>
 *
 * @param env the server's environment, then {@code TERM=xterm-256color}, then the requested entries
 */
record TerminalSpec(String ptyId, String processId, StartRequest request, Map<String, String> env, int cols, int rows) {
  static final String DEFAULT_TERM = "xterm-256color";

  /** The spec for a checked request; {@code TERM} is {@value #DEFAULT_TERM} unless requested. */
  static TerminalSpec of(String ptyId, String processId, StartRequest request,
      @Nullable Map<String, String> requestedEnv, int cols, int rows) {
    Map<String, String> env = new HashMap<>(request.env());
    if (requestedEnv == null || !requestedEnv.containsKey("TERM")) {
      env.put("TERM", DEFAULT_TERM);
    }
    return new TerminalSpec(ptyId, processId, request, Map.copyOf(env), cols, rows);
  }

  /**
   * Starts the program under a new pseudo-terminal, leading its own session. A failure is
   * {@code -32602 io_error}.
   */
  PtyProcess spawn() {
    List<String> line = request.commandLine();
    String[] cmd = line.toArray(new String[0]);
    if (line.get(0).indexOf('/') >= 0) {
      // pty4j looks a path up from the server's cwd, not the terminal's: give it the resolved one
      cmd[0] = request.program().toString();
    }
    try {
      return new PtyProcessBuilder(cmd)
          .setEnvironment(env)
          .setDirectory(request.cwd().toString())
          .setInitialColumns(cols)
          .setInitialRows(rows)
          // the server keeps the terminal open (write-only, so it never becomes its controlling
          // terminal) until the output is read: no platform discards the last output at exit
          .setUnixOpenTtyToPreserveOutputAfterTermination(true)
          .start();
    } catch (IOException e) {
      throw RexdException.invalidParams(Reasons.IO_ERROR,
          "cannot start " + line.get(0) + " in a terminal: " + e.getMessage()).with("program", line.get(0));
    }
  }
}
