package dev.rexd.core.pty;

import dev.rexd.api.Encoding;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.OkResult;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.exec.ExecStartParams;
import dev.rexd.api.pty.PtyCloseParams;
import dev.rexd.api.pty.PtyInputParams;
import dev.rexd.api.pty.PtyInputResult;
import dev.rexd.api.pty.PtyOpenParams;
import dev.rexd.api.pty.PtyOpenResult;
import dev.rexd.api.pty.PtyResizeParams;
import dev.rexd.core.exec.ExecPolicy;
import dev.rexd.core.exec.StartRequest;
import dev.rexd.core.rpc.CallContext;
import dev.rexd.core.session.ProcessSlot;
import dev.rexd.core.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@code pty.*} methods (protocol section 6): programs under real pseudo-terminals, for
 * editors, REPLs, installers and shells that behave differently without a TTY.
 *
 * <p>{@code pty.open} takes {@code argv}, or {@code shell: true} with {@code command}
 * ({@code /bin/sh -c}), checked like {@code exec.start} (shell switch, command policy, cwd through
 * the root policy, the program found on {@code PATH}); the environment is the server's with
 * {@code TERM=xterm-256color} and the requested entries over it; the size is 120x32 unless given.
 * The program leads its own Unix session, so {@code pty.close}, {@code session.close} and
 * {@link #shutdown()} end everything it started: HUP and TERM to every process group of that
 * session, KILL after the grace period. When the program exits by itself, what it left running
 * in its session is hung up the same way.
 *
 * <p>Output goes out as {@code pty.output} events ({@code seq} from 1, {@code utf8} or
 * {@code base64} as for exec output, never dropped: a slow subscriber slows the program), then
 * exactly one {@code pty.exit}, after all output. A terminal holds one of the session's
 * {@code max_processes_per_session} slots until it exits, and belongs to its session
 * ({@code -32005} from any other). Thread-safe.
 *
 * <pre>{@code
 * PtyService pty = new PtyService(ExecPolicy.defaults());
 * if (pty.available()) {                                        // "pty" in capabilities
 *   PtyOpenResult t = pty.open(call, session, new PtyOpenParams(session.id(), List.of("bash"),
 *       null, null, null, null, 120, 32));
 *   // once the response is queued, call.runAfterResponse() starts the pty.output events
 *   pty.input(session, new PtyInputParams(session.id(), t.ptyId(), "ls\r", null));
 *   pty.resize(session, new PtyResizeParams(session.id(), t.ptyId(), 200, 50));
 *   pty.close(session, new PtyCloseParams(session.id(), t.ptyId()));
 * }
 * pty.shutdown();   // at server exit
 * }</pre>
 */
public final class PtyService {
  /** Columns when {@code pty.open} gives none. */
  public static final int DEFAULT_COLS = 120;
  /** Rows when {@code pty.open} gives none. */
  public static final int DEFAULT_ROWS = 32;

  private static final int MAX_SIZE = 0xffff;
  private static final long EXIT_EVENTS_WAIT_MILLIS = 5_000;

  private final ExecPolicy policy;
  private final BooleanSupplier probe;
  private final SessionHangup hangup;
  private final Set<Terminal> live = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private volatile @Nullable Boolean available;
  private volatile boolean shutDown;

  /** A service under this policy (shell switch, command lists, grace period between TERM and KILL). */
  public PtyService(ExecPolicy policy) {
    this(policy, PtyProbe::works);
  }

  /** A service that asks {@code probe}, once, whether terminals work on this host. */
  PtyService(ExecPolicy policy, BooleanSupplier probe) {
    this.policy = policy;
    this.probe = probe;
    this.hangup = new SessionHangup(policy.killGraceMillis());
  }

  /**
   * The quick host check: a Linux or macOS host whose {@code /dev/ptmx} this process may open.
   * {@link #available()} proves it by running a shell under a terminal.
   */
  public static boolean hostSupportsPtys() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    Path ptmx = Path.of("/dev/ptmx");
    return (os.contains("linux") || os.contains("mac")) && Files.isReadable(ptmx)
        && Files.isWritable(ptmx);
  }

  /**
   * Whether terminals really work on this host (checked once, on first call, by running a shell
   * under a PTY): servers list {@code pty} in {@code capabilities} only then.
   */
  public boolean available() {
    Boolean a = available;
    if (a == null) {
      synchronized (this) {
        a = available;
        if (a == null) {
          a = probe.getAsBoolean();
          available = a;
        }
      }
    }
    return a;
  }

  /**
   * {@code pty.open}: checks, spawns, and returns the ids. Output events start only once
   * {@code call}'s after-response actions run, so the response goes out before any event.
   * {@code -32007 pty_unavailable} on a host without working PTYs.
   */
  public PtyOpenResult open(CallContext call, Session session, PtyOpenParams params) {
    ensureRunning();
    if (!available()) {
      throw RexdException.of(ErrorCode.UNSUPPORTED_CAPABILITY, Reasons.PTY_UNAVAILABLE,
          "pseudo-terminals are not available on this host");
    }
    int cols = size(params.cols(), DEFAULT_COLS, "cols");
    int rows = size(params.rows(), DEFAULT_ROWS, "rows");
    StartRequest request = StartRequest.of(session, new ExecStartParams(params.sessionId(), params.argv(),
        params.shell(), null, params.command(), params.cwd(), params.env(), null, null, null, null), policy);
    TerminalTable table = session.feature(TerminalTable.class, () -> new TerminalTable(hangup));
    ProcessSlot slot = session.acquireProcessSlot();
    long n = ids.incrementAndGet();
    TerminalSpec spec = TerminalSpec.of("pty_" + n, "proc_pty_" + n, request, params.env(), cols, rows);
    Terminal terminal;
    try {
      terminal = new Terminal(session, spec, spec.spawn(), slot, hangup, live::remove);
    } catch (RuntimeException e) {
      slot.release();
      throw e;
    }
    live.add(terminal);
    try {
      table.add(terminal);
      ensureRunning();
    } catch (RexdException e) {
      terminal.close();
      terminal.start();
      throw e;
    }
    call.afterResponse(terminal::start);
    return new PtyOpenResult(spec.ptyId(), spec.processId());
  }

  /** {@code pty.input}: keystrokes ({@code utf8}, or {@code base64} [ext]) written to the terminal. */
  public PtyInputResult input(Session session, PtyInputParams params) {
    Terminal terminal = find(session, params.ptyId());
    Encoding encoding = params.encoding() == null ? Encoding.UTF8 : params.encoding();
    return new PtyInputResult(terminal.input(encoding.decode(params.data())));
  }

  /** {@code pty.resize}: the new size; the program sees it and gets SIGWINCH. */
  public OkResult resize(Session session, PtyResizeParams params) {
    int cols = checkSize(params.cols(), "cols");
    int rows = checkSize(params.rows(), "rows");
    find(session, params.ptyId()).resize(cols, rows);
    return OkResult.OK;
  }

  /**
   * {@code pty.close}: ends everything the terminal started; ok if it already ended. Blocks for the
   * grace period at most.
   */
  public OkResult close(Session session, PtyCloseParams params) {
    find(session, params.ptyId()).close();
    return OkResult.OK;
  }

  /**
   * Ends every terminal of every session (HUP and TERM, KILL after the grace period) and waits a
   * bounded time for their {@code pty.exit} events. Later opens fail.
   */
  public void shutdown() {
    shutDown = true;
    List<Terminal> all = List.copyOf(live);
    Terminal.closeAll(all, hangup);
    Terminal.awaitDone(all, EXIT_EVENTS_WAIT_MILLIS);
  }

  private static Terminal find(Session session, String ptyId) {
    TerminalTable table = session.existingFeature(TerminalTable.class);
    if (table == null) {
      throw TerminalTable.notFound(ptyId);
    }
    return table.get(ptyId);
  }

  private void ensureRunning() {
    if (shutDown) {
      throw RexdException.of(ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "the server is shutting down");
    }
  }

  /** The requested size, or the default when absent or 0 (as clients of the Go server send). */
  private static int size(@Nullable Integer requested, int dflt, String field) {
    return requested == null || requested == 0 ? dflt : checkSize(requested, field);
  }

  private static int checkSize(int v, String field) {
    if (v < 1 || v > MAX_SIZE) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT,
          field + " must be between 1 and " + MAX_SIZE + ", got " + v).with("field", field);
    }
    return v;
  }
}
