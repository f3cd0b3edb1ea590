package dev.rexd.core.pty;

import dev.rexd.api.Encoding;
import dev.rexd.api.OkResult;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.pty.PtyCloseParams;
import dev.rexd.api.pty.PtyInputParams;
import dev.rexd.api.pty.PtyInputResult;
import dev.rexd.api.pty.PtyOpenParams;
import dev.rexd.api.pty.PtyOpenResult;
import dev.rexd.api.pty.PtyResizeParams;
import dev.rexd.core.process.ManagedProcess;
import dev.rexd.core.process.ProcessRequest;
import dev.rexd.core.process.ProcessService;
import dev.rexd.core.process.Spawners;
import dev.rexd.core.process.TerminalSize;
import dev.rexd.core.rpc.CallContext;
import dev.rexd.core.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The {@code pty.*} methods (protocol section 6), as thin handlers over the
 * {@link ProcessService}: programs under real pseudo-terminals, for editors, REPLs, installers
 * and shells that behave differently without a TTY.
 *
 * <p>{@code pty.open} takes {@code argv}, or {@code shell: true} with {@code command}, checked like
 * {@code exec.start}; the environment is the server's with {@code TERM=xterm-256color} and the
 * requested entries over it; the size is 120x32 unless given. The program leads its own Unix
 * session, so {@code pty.close}, {@code session.close} and shutdown end everything it started:
 * HUP and TERM to every process group of that session, KILL after the grace period. When the
 * program exits by itself, what it left running in its session is hung up the same way. Output
 * goes out as {@code pty.output} events, then exactly one {@code pty.exit}. Thread-safe.
 *
 * <pre>{@code
 * PtyService pty = new PtyService(processes);
 * if (pty.available()) {                                        // "pty" in capabilities
 *   PtyOpenResult t = pty.open(call, session, new PtyOpenParams(session.id(), List.of("bash"),
 *       null, null, null, null, 120, 32));
 *   pty.input(session, new PtyInputParams(session.id(), t.ptyId(), "ls\r", null));
 *   pty.close(session, new PtyCloseParams(session.id(), t.ptyId()));
 * }
 * }</pre>
 */
public final class PtyService {
  /** {@code TERM} of a program on a pseudo-terminal, unless the caller's environment sets it. */
  public static final String DEFAULT_TERM = "xterm-256color";

  private final ProcessService processes;
  private final BooleanSupplier available;

  public PtyService(ProcessService processes) {
    this(processes, processes::terminalsAvailable);
  }

  /** A service that asks {@code available} whether terminals work on this host. */
  PtyService(ProcessService processes, BooleanSupplier available) {
    this.processes = processes;
    this.available = available;
  }

  /**
   * The quick host check: pty4j is present, and this is a Linux or macOS host whose
   * {@code /dev/ptmx} this process may open. {@link #available()} proves it by running a shell
   * under a terminal.
   */
  public static boolean hostSupportsPtys() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    Path ptmx = Path.of("/dev/ptmx");
    return (os.contains("linux") || os.contains("mac")) && Files.isReadable(ptmx) && Files.isWritable(ptmx)
        && Spawners.terminalsPresent();
  }

  /** Whether terminals really work on this host: servers list {@code pty} in {@code capabilities} only then. */
  public boolean available() {
    return available.getAsBoolean();
  }

  /**
   * {@code pty.open}: checks, spawns, and returns the ids; events follow the response.
   * {@code -32007 pty_unavailable} on a host without working PTYs.
   */
  public PtyOpenResult open(CallContext call, Session session, PtyOpenParams params) {
    ManagedProcess terminal = processes.start(call, session, request(session, params));
    return new PtyOpenResult(terminal.ptyId(), terminal.id());
  }

  /** {@link #open}, answering later without a thread when a hook holds the start (an approval). */
  public CompletionStage<PtyOpenResult> openAsync(CallContext call, Session session, PtyOpenParams params,
      Executor executor) {
    return processes.startAsync(call, session, request(session, params), executor)
        .thenApply(terminal -> new PtyOpenResult(terminal.ptyId(), terminal.id()));
  }

  private ProcessRequest request(Session session, PtyOpenParams params) {
    if (!available()) {
      throw RexdException.of(dev.rexd.api.ErrorCode.UNSUPPORTED_CAPABILITY, Reasons.PTY_UNAVAILABLE,
          "pseudo-terminals are not available on this host");
    }
    TerminalSize size = TerminalSize.requested(params.cols(), params.rows());
    return ProcessRequest.command(session, params.argv(), params.shell(), null, params.command(),
        params.cwd(), Map.of("TERM", DEFAULT_TERM), params.env(), processes.policy()).onTerminal(size);
  }

  /** {@code pty.input}: keystrokes ({@code utf8}, or {@code base64} [ext]) written to the terminal. */
  public PtyInputResult input(Session session, PtyInputParams params) {
    ManagedProcess terminal = processes.terminal(session, params.ptyId());
    Encoding encoding = params.encoding() == null ? Encoding.UTF8 : params.encoding();
    return new PtyInputResult(terminal.input(encoding.decode(params.data()), false));
  }

  /** {@code pty.resize}: the new size; the program sees it and gets SIGWINCH. */
  public OkResult resize(Session session, PtyResizeParams params) {
    TerminalSize size = TerminalSize.checked(params.cols(), params.rows());
    processes.terminal(session, params.ptyId()).resize(size);
    return OkResult.OK;
  }

  /**
   * {@code pty.close}: ends everything the terminal started; ok if it already ended. Blocks for the
   * grace period at most.
   */
  public OkResult close(Session session, PtyCloseParams params) {
    processes.end(processes.terminal(session, params.ptyId()));
    return OkResult.OK;
  }

  /** The requested size, or the default when absent or 0 (as clients of the Go server send). */
}
