package dev.rexd.core.exec;

import dev.rexd.api.Encoding;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.OkResult;
import dev.rexd.api.exec.ExecInputParams;
import dev.rexd.api.exec.ExecInputResult;
import dev.rexd.api.exec.ExecKillParams;
import dev.rexd.api.exec.ExecOutputParams;
import dev.rexd.api.exec.ExecOutputResult;
import dev.rexd.api.exec.ExecStartParams;
import dev.rexd.api.exec.ExecStartResult;
import dev.rexd.api.exec.ExecWaitParams;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.api.exec.OutputChunk;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.core.Limits;
import dev.rexd.core.process.ExitStatus;
import dev.rexd.core.process.ManagedProcess;
import dev.rexd.core.process.ProcessRequest;
import dev.rexd.core.process.ProcessService;
import dev.rexd.core.process.Signals;
import dev.rexd.core.process.TerminalSize;
import dev.rexd.core.pty.PtyService;
import dev.rexd.core.rpc.CallContext;
import dev.rexd.core.session.Session;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The {@code exec.*} methods (protocol section 4), as thin handlers over the
 * {@link ProcessService}: decode the params, build the request, answer in the wire's shapes.
 *
 * <p>Absent or 0 {@code timeout_ms} and {@code max_output_bytes} take the session's defaults, and
 * larger values are capped by its limits. {@code detach: true} only spares a process at
 * {@code session.close}: its timeout still applies. {@code tty: true} runs the command on a
 * pseudo-terminal ({@code cols} x {@code rows}, 120 x 32 by default, {@code TERM=xterm-256color}
 * unless {@code env} sets it): its output arrives merged as {@code exec.stdout}, and an EOF on its
 * stdin is typed as {@code ^D}. {@code strip_ansi: true} (with or without a terminal) turns its
 * output into the text a terminal would show (protocol section 9.7). Thread-safe.
 *
 * <pre>{@code
 * ExecService exec = new ExecService(processes);
 * ExecStartResult r = exec.start(call, session, ExecStartParams.argv(session.id(), List.of("make", "test")));
 * // after the response is queued, call.runAfterResponse() starts the exec.stdout/exec.stderr events
 * ExecWaitResult done = exec.await(session, new ExecWaitParams(session.id(), r.processId(), null));
 * }</pre>
 */
public final class ExecService {
  private final ProcessService processes;

  public ExecService(ProcessService processes) {
    this.processes = processes;
  }

  /** {@code exec.start}: checks, spawns, and returns the process id; events follow the response. */
  public ExecStartResult start(CallContext call, Session session, ExecStartParams p) {
    ManagedProcess process = processes.start(call, session, request(session, p));
    return new ExecStartResult(process.id(), process.startedAt());
  }

  /**
   * {@link #start} for the thread that read the request: a child on pipes is checked and, when
   * its spawner starts it at once, started right here (see {@link ProcessService#startAsync});
   * with {@code tty} everything goes to {@code executor}, since the first terminal waits for the
   * probe of terminals. A start a hook holds (an approval) answers later without a thread.
   */
  public CompletionStage<ExecStartResult> startAsync(CallContext call, Session session, ExecStartParams p,
      Executor executor) {
    CompletionStage<ProcessRequest> request = Boolean.TRUE.equals(p.tty())
        ? CompletableFuture.supplyAsync(() -> request(session, p), executor)
        : CompletableFuture.completedFuture(request(session, p));
    return request.thenCompose(r -> processes.startAsync(call, session, r, executor))
        .thenApply(process -> new ExecStartResult(process.id(), process.startedAt()));
  }

  private ProcessRequest request(Session session, ExecStartParams p) {
    Limits limits = session.limits();
    boolean tty = Boolean.TRUE.equals(p.tty());
    if (!tty && (p.cols() != null || p.rows() != null)) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "cols and rows need tty: true")
          .with("field", p.cols() != null ? "cols" : "rows");
    }
    TerminalSize size = tty ? TerminalSize.requested(p.cols(), p.rows()) : null;
    if (tty && !processes.terminalsAvailable()) {
      throw RexdException.of(ErrorCode.UNSUPPORTED_CAPABILITY, Reasons.PTY_UNAVAILABLE,
          "tty: pseudo-terminals are not available on this host");
    }
    ProcessRequest request = ProcessRequest.command(session, p.argv(), p.shell(), p.login(), p.command(), p.cwd(),
        tty ? Map.of("TERM", PtyService.DEFAULT_TERM) : Map.of(), p.env(), processes.policy())
        .withOptions(p.stdin(),
            effective(p.timeoutMs(), limits.defaultTimeoutMs(), limits.hardTimeoutMs()),
            effective(p.maxOutputBytes(), limits.maxOutputBytes(), limits.maxOutputBytes()),
            Boolean.TRUE.equals(p.detach()), processes.policy())
        .asText(Boolean.TRUE.equals(p.stripAnsi()));
    return size == null ? request : request.onPty(size);
  }

  /**
   * {@code exec.wait}: the final state, or {@code running} when {@code timeout_ms} passed first;
   * without {@code timeout_ms}, blocks until the process ends.
   */
  public ExecWaitResult await(Session session, ExecWaitParams params) {
    ManagedProcess p = processes.process(session, params.processId());
    ExitStatus s = p.awaitExit(params.timeoutMs());
    return s != null ? s.toWaitResult()
        : new ExecWaitResult(ProcessStatus.RUNNING, null, null, p.bytesStdout(), p.bytesStderr(), p.timedOut(),
            p.truncated());
  }

  /** {@code exec.kill}: the signal (TERM by default) to the process group; ok if it already ended. */
  public OkResult kill(Session session, ExecKillParams params) {
    String name = params.signal();
    int signal = name == null ? Signals.TERM : Signals.number(name);
    processes.process(session, params.processId()).signal(signal);
    return OkResult.OK;
  }

  /** {@code exec.input}: bytes for stdin (utf8 or base64), then EOF when {@code eof} is true. */
  public ExecInputResult input(Session session, ExecInputParams params) {
    ManagedProcess process = processes.process(session, params.processId());
    String data = params.data();
    Encoding encoding = params.encoding() == null ? Encoding.UTF8 : params.encoding();
    byte[] bytes = data == null ? new byte[0] : encoding.decode(data);
    return new ExecInputResult(process.input(bytes, Boolean.TRUE.equals(params.eof())));
  }

  /** {@code exec.output} [ext]: retained chunks after {@code after_seq}, and the process status. */
  public ExecOutputResult output(Session session, ExecOutputParams params) {
    ManagedProcess process = processes.process(session, params.processId());
    ProcessStatus status = process.status();   // first: a final status means the chunks are complete
    Long after = params.afterSeq();
    List<OutputChunk> chunks = process.output(params.stream(), after == null ? 0 : after);
    return new ExecOutputResult(process.id(), chunks, process.firstSeq(), status);
  }

  /** The requested value, or the default when absent or 0, never above the cap. */
  private static long effective(@Nullable Long requested, long dflt, long cap) {
    long v = requested == null || requested == 0 ? dflt : requested;
    return Math.min(v, cap);
  }
}
