package dev.rexd.agent;

import static dev.rexd.agent.ToolParams.Type.BOOLEAN;
import static dev.rexd.agent.ToolParams.Type.INTEGER;
import static dev.rexd.agent.ToolParams.Type.STRING;

import dev.rexd.client.ExecCall;
import dev.rexd.client.ExitStatus;
import dev.rexd.client.RemoteProcess;
import dev.rexd.client.RexdSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code bash} and the background process tools. A command's output reaches the model through an
 * {@link OutputLog} (escapes stripped, redraws collapsed), cut to head and tail within the output
 * budget; a command that prints nothing for the idle timeout is left running and the model is told
 * how to continue.
 *
 * <pre>{@code
 * List<AgentTool> tools = new ShellTools(sessions, book, settings).tools();
 * }</pre>
 */
final class ShellTools {
  private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final Duration START_GRACE = Duration.ofSeconds(1);
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);

  private final Supplier<RexdSession> session;
  private final ProcessBook book;
  private final AgentTools.Settings settings;

  ShellTools(Supplier<RexdSession> session, ProcessBook book, AgentTools.Settings settings) {
    this.session = session;
    this.book = book;
    this.settings = settings;
  }

  List<AgentTool> tools() {
    return List.of(
        new AgentTool("bash", """
            Runs a shell command line (sh -c) on the host and returns its output (stdout and stderr \
            merged, terminal escapes removed, long output cut to its head and tail) and how it ended. \
            A command that prints nothing for %d s is left running: its output so far comes back with \
            its process id; continue with process_output, send input with process_input, stop it with \
            process_kill. background: true starts it and returns at once.""".formatted(
                settings.idleTimeout().toSeconds()),
            new ToolParams()
                .required("command", STRING, "The command line, e.g. \"make test 2>&1 | tail -50\"")
                .optional("cwd", STRING, "Working directory (default: the session's)")
                .optional("timeout", INTEGER, "Seconds before the command is killed (default "
                    + settings.defaultTimeout().toSeconds() + ")")
                .optional("background", BOOLEAN, "Start it and return at once (default false)"),
            ToolHints.RUN, this::bash),
        new AgentTool("process_start", """
            Starts a long-running command (a server, a watcher, an interactive program) in the \
            background with its stdin open, and returns its process id and first output.""",
            new ToolParams()
                .required("command", STRING, "The command line")
                .optional("cwd", STRING, "Working directory (default: the session's)")
                .optional("timeout", INTEGER, "Seconds before it is killed (default: the server's limit)"),
            ToolHints.RUN, (args, call) -> start(args, true, true)),
        new AgentTool("process_output", """
            Reads a process's output from an offset (default: where the last read stopped), within \
            the output budget; waits up to `wait` seconds for more when there is nothing new.""",
            new ToolParams()
                .required("id", STRING, "The process id, e.g. \"p_3\"")
                .optional("offset", INTEGER, "Byte offset in its output (from an omitted-bytes note)")
                .optional("wait", INTEGER, "Seconds to wait for new output (default 5, at most 600)"),
            ToolHints.OBSERVE_PROCESS, this::output),
        new AgentTool("process_input", "Writes text to a process's stdin; eof: true closes it afterwards.",
            new ToolParams()
                .required("id", STRING, "The process id")
                .required("text", STRING, "What to write; add \"\\n\" to end a line")
                .optional("eof", BOOLEAN, "Close stdin after writing (default false)"),
            ToolHints.RUN, this::input),
        new AgentTool("process_kill", "Stops a process and its whole process group (TERM, then KILL).",
            new ToolParams()
                .required("id", STRING, "The process id")
                .optional("signal", STRING, "TERM (default), KILL, INT, HUP, QUIT, USR1 or USR2"),
            ToolHints.MODIFY, this::kill),
        new AgentTool("process_list", "Lists the processes started by these tools: id, state, output size, command.",
            new ToolParams(), ToolHints.OBSERVE_PROCESS, (args, call) -> list()));
  }

  private ToolResult bash(ToolArgs args, ToolCall call) {
    boolean background = args.flag("background", false);
    if (background) {
      return start(args, false, false);
    }
    ProcessBook.Entry e = launch(args, false, settings.defaultTimeout());
    call.onCancel(() -> e.process.kill("KILL"));
    try {
      boolean ended = waitWhileBusy(e, call);
      if (call.isCanceled()) {
        e.process.waitFor(KILL_GRACE);
        return ToolResult.error("canceled: the command's process group was killed\n" + report(e, 0));
      }
      return new ToolResult(List.of(new ToolResult.Text(report(e, 0) + (ended ? "" : "\n" + idleNote(e)))),
          false);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      e.process.kill("KILL");
      return ToolResult.error("interrupted: the command's process group was killed");
    }
  }

  private ToolResult start(ToolArgs args, boolean keepStdin, boolean serverTimeout) {
    ProcessBook.Entry e = launch(args, keepStdin, serverTimeout ? null : settings.defaultTimeout());
    try {
      long deadline = System.nanoTime() + START_GRACE.toNanos();
      while (e.log.exit() == null && e.log.awaitActivity(e.log.events(), deadline)) {
        // the first output or the end
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    String text = report(e, 0);
    return ToolResult.text(e.log.exit() != null ? text
        : "started " + e.id() + ": " + e.command + "\n" + text + "\n[running as " + e.id()
            + "; read more with process_output(\"" + e.id() + "\")" + (keepStdin ? ", send input with process_input" : "")
            + ", stop it with process_kill]");
  }

  private ProcessBook.Entry launch(ToolArgs args, boolean keepStdin, @Nullable Duration fallbackTimeout) {
    String command = args.string("command");
    OutputLog log = new OutputLog(settings.keptOutputBytes());
    ExecCall exec = session.get().shell(command).onOutput(log::accept).onExit(log::exited);
    String cwd = args.optionalString("cwd");
    if (cwd != null) {
      exec.cwd(cwd);
    }
    Long timeout = args.optionalInteger("timeout");
    if (timeout != null) {
      exec.timeout(Duration.ofSeconds(args.positive("timeout", 0, 7 * 24 * 3600)));
    } else if (fallbackTimeout != null) {
      exec.timeout(fallbackTimeout);
    }
    if (!keepStdin) {
      exec.stdin("");
    }
    RemoteProcess process = exec.start();
    log.started();
    return book.add(process, command, log);
  }

  /** Waits for the end, the idle timeout or a cancel; true when it ended. Reports progress. */
  private boolean waitWhileBusy(ProcessBook.Entry e, ToolCall call) throws InterruptedException {
    long idle = settings.idleTimeout().toNanos();
    long nextProgress = System.nanoTime() + PROGRESS_EVERY_NANOS;
    while (!call.isCanceled()) {
      long seen = e.log.events();
      if (e.log.exit() != null) {
        return true;
      }
      long idleEnd = e.log.lastActivityNanos() + idle;
      if (System.nanoTime() - idleEnd >= 0) {
        return false;
      }
      long wake = Math.min(idleEnd, nextProgress);
      e.log.awaitActivity(seen, wake);
      if (System.nanoTime() - nextProgress >= 0) {
        nextProgress = System.nanoTime() + PROGRESS_EVERY_NANOS;
        double seconds = (System.nanoTime() - e.startedNanos) / 1e9;
        call.progress(Math.floor(seconds), String.format(Locale.ROOT, "%s running for %.0f s, %d bytes of output",
            e.id(), seconds, e.log.committed()));
      }
    }
    return e.log.exit() != null;
  }

  private ToolResult output(ToolArgs args, ToolCall call) {
    ProcessBook.Entry e = entry(args.string("id"));
    Long offset = args.optionalInteger("offset");
    long wait = args.integer("wait", 5);
    if (wait < 0 || wait > 600) {
      throw new ToolArgumentException("argument 'wait' must be between 0 and 600, got " + wait);
    }
    long from = offset == null ? e.readTo : offset;
    if (from < 0) {
      throw new ToolArgumentException("argument 'offset' must not be negative");
    }
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(wait);
      while (e.log.committed() <= from && e.log.exit() == null && !call.isCanceled()
          && e.log.awaitActivity(e.log.events(), deadline)) {
        // until something new
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    return ToolResult.text(page(e, from));
  }

  /** Output from {@code from} on, at most one budget of it, then the state. */
  private String page(ProcessBook.Entry e, long from) {
    StringBuilder out = new StringBuilder();
    long first = e.log.first();
    if (from < first) {
      out.append("[output before offset ").append(first).append(" is no longer kept]\n");
      from = first;
    }
    long end = e.log.committed();
    byte[] bytes = e.log.slice(from, Math.min(end, from + settings.outputBudgetBytes()));
    int size = bytes.length == settings.outputBudgetBytes() && from + bytes.length < end
        ? HeadTail.characterStart(bytes, bytes.length) : bytes.length;
    out.append(new String(bytes, 0, size, StandardCharsets.UTF_8));
    long next = from + size;
    e.readTo = Math.max(e.readTo, next);
    if (next < end) {
      out.append(out.length() == 0 || out.charAt(out.length() - 1) == '\n' ? "" : "\n").append("[… ")
          .append(end - next).append(" more bytes — read with process_output(\"").append(e.id()).append("\", ")
          .append(next).append(")]\n");
    } else {
      appendPending(out, e);
    }
    return out.append(state(e)).toString();
  }

  /** What a finished or idle {@code bash} returns: the output from {@code from}, cut, and the state. */
  private String report(ProcessBook.Entry e, long from) {
    long end = e.log.committed();
    StringBuilder out = new StringBuilder(HeadTail.cut(e.log.slice(from, end), settings.outputBudgetBytes(),
        e.id(), from));
    e.readTo = Math.max(e.readTo, end);
    appendPending(out, e);
    if (out.length() == 0) {
      out.append("(no output)\n");
    }
    return out.append(state(e)).toString();
  }

  private static void appendPending(StringBuilder out, ProcessBook.Entry e) {
    for (String extra : new String[] {e.log.pending(), e.log.binaryNotes()}) {
      if (!extra.isEmpty()) {
        out.append(extra).append('\n');
      }
    }
  }

  private String idleNote(ProcessBook.Entry e) {
    return "[no output for " + settings.idleTimeout().toSeconds() + " s: still running as " + e.id()
        + "; continue with process_output(\"" + e.id() + "\"), stop it with process_kill(\"" + e.id() + "\")]";
  }

  /** The process's state in one bracketed line. */
  static String state(ProcessBook.Entry e) {
    ExitStatus s = e.log.exit();
    if (s == null) {
      return String.format(Locale.ROOT, "[%s running for %.1f s]", e.id(), (System.nanoTime() - e.startedNanos) / 1e9);
    }
    String took = String.format(Locale.ROOT, "%.1f s", s.durationMs() / 1000.0);
    String how;
    if (s.timedOut()) {
      how = "timed out after " + took + " and was killed";
    } else if (s.truncated()) {
      how = "killed after " + took + ": its output passed the server's max_output_bytes";
    } else if (s.signal() != null) {
      how = "killed by " + s.signal() + " after " + took;
    } else {
      how = "exit " + s.exitCode() + " after " + took;
    }
    return "[" + how + "]";
  }

  private ToolResult input(ToolArgs args, ToolCall call) {
    ProcessBook.Entry e = entry(args.string("id"));
    if (e.log.exit() != null) {
      return ToolResult.error(e.id() + " has ended " + state(e) + "; nothing was written");
    }
    int accepted = e.process.write(args.string("text"));
    boolean eof = args.flag("eof", false);
    if (eof) {
      e.process.closeStdin();
    }
    return ToolResult.text("wrote " + accepted + " bytes to " + e.id() + (eof ? " and closed its stdin" : "")
        + "; read the answer with process_output(\"" + e.id() + "\")");
  }

  private ToolResult kill(ToolArgs args, ToolCall call) {
    ProcessBook.Entry e = entry(args.string("id"));
    String signal = args.optionalString("signal");
    if (e.log.exit() != null) {
      return ToolResult.text(e.id() + " had already ended " + state(e));
    }
    e.process.kill(signal == null ? "TERM" : signal.toUpperCase(Locale.ROOT));
    e.process.waitFor(KILL_GRACE);
    return ToolResult.text("signalled " + e.id() + " (" + (signal == null ? "TERM" : signal) + ") " + state(e));
  }

  private ToolResult list() {
    List<ProcessBook.Entry> all = book.all();
    if (all.isEmpty()) {
      return ToolResult.text("no processes were started");
    }
    StringBuilder out = new StringBuilder();
    for (ProcessBook.Entry e : all) {
      out.append(e.id()).append('\t').append(state(e)).append('\t').append(e.log.committed()).append(" bytes\t")
          .append(e.command).append('\n');
    }
    return ToolResult.text(out.toString());
  }

  private ProcessBook.Entry entry(String id) {
    ProcessBook.Entry e = book.get(id);
    if (e == null) {
      throw new ToolArgumentException("no process '" + id + "' (known: " + book.ids() + ")");
    }
    return e;
  }
}
