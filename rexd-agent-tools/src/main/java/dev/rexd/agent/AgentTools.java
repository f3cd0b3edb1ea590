package dev.rexd.agent;

import dev.rexd.api.Reasons;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdClientException;
import dev.rexd.client.RexdRemoteException;
import dev.rexd.client.RexdSession;
import dev.rexd.client.RexdTimeoutException;
import dev.rexd.client.RexdTransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The agent tools over one REXD session: {@code bash}, {@code process_start},
 * {@code process_output}, {@code process_input}, {@code process_kill}, {@code process_list},
 * {@code read}, {@code write}, {@code edit}, {@code apply_patch}, {@code glob}, {@code grep} and
 * {@code list}. Each has a name, a description and a JSON Schema ({@link #tools()}); {@link #call}
 * runs one and returns a {@link ToolResult}. Whatever goes wrong comes back as a short error
 * result a model can act on (bad arguments name the argument; a path outside the roots names the
 * roots); nothing is thrown, and over a {@link #connecting} source a lost connection is reported
 * once and the next call connects again. Thread-safe: calls may run concurrently.
 *
 * <pre>{@code
 * try (RexdClient rexd = RexdClient.spawn("ssh", "app-1", "rexd", "--stdio");
 *      AgentTools tools = AgentTools.over(rexd.openSession("agent"))) {
 *   ToolResult r = tools.call("bash", Map.of("command", "git status --short"));
 *   System.out.println(r.text());
 * }
 * }</pre>
 */
public final class AgentTools implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AgentTools.class.getName());

  /**
   * Tunables: the bytes of output a result may carry ({@code outputBudgetBytes}, cut to head and
   * tail beyond), how long {@code bash} waits without output before it returns
   * ({@code idleTimeout}), a command's timeout unless the model gives one, the bytes {@code read}
   * takes at once, and the output kept per process.
   */
  public record Settings(int outputBudgetBytes, Duration idleTimeout, Duration defaultTimeout, int maxReadBytes,
      int keptOutputBytes) {
    public Settings {
      if (outputBudgetBytes < 256 || maxReadBytes < 1 || keptOutputBytes < outputBudgetBytes) {
        throw new IllegalArgumentException("budgets too small: " + outputBudgetBytes + ", " + maxReadBytes + ", "
            + keptOutputBytes);
      }
      if (idleTimeout.isNegative() || idleTimeout.isZero() || defaultTimeout.isNegative() || defaultTimeout.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
    }

    /** 16 KiB of output per result, 30 s idle, 120 s timeout, 4 MiB reads, 8 MiB kept per process. */
    public static Settings defaults() {
      return new Settings(16 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(120), 4 << 20, 8 << 20);
    }

    public Settings withOutputBudgetBytes(int bytes) {
      return new Settings(bytes, idleTimeout, defaultTimeout, maxReadBytes, Math.max(keptOutputBytes, bytes));
    }

    public Settings withIdleTimeout(Duration timeout) {
      return new Settings(outputBudgetBytes, timeout, defaultTimeout, maxReadBytes, keptOutputBytes);
    }

    public Settings withDefaultTimeout(Duration timeout) {
      return new Settings(outputBudgetBytes, idleTimeout, timeout, maxReadBytes, keptOutputBytes);
    }
  }

  private final SessionSource source;
  private final ProcessBook book = new ProcessBook(32);
  private final Map<String, AgentTool> tools = new LinkedHashMap<>();

  private AgentTools(SessionSource source, Settings settings) {
    this.source = source;
    Supplier<RexdSession> session = source::get;
    new ShellTools(session, book, settings).tools().forEach(t -> tools.put(t.name(), t));
    new FileTools(session, settings).tools().forEach(t -> tools.put(t.name(), t));
  }

  /** Tools over {@code session}, which the caller keeps and closes. */
  public static AgentTools over(RexdSession session) {
    return over(session, Settings.defaults());
  }

  public static AgentTools over(RexdSession session, Settings settings) {
    return new AgentTools(SessionSource.fixed(session), settings);
  }

  /**
   * Tools that connect through {@code connector} (e.g. {@code () -> targets.connect("prod")}) at
   * their first call, and again after the connection was lost; {@link #close()} closes it.
   */
  public static AgentTools connecting(Supplier<RexdClient> connector, String clientName, Settings settings) {
    return new AgentTools(SessionSource.reconnecting(connector, clientName), settings);
  }

  /** Every tool, in a stable order. */
  public List<AgentTool> tools() {
    return new ArrayList<>(tools.values());
  }

  /** The tool named {@code name}, or null. */
  public @Nullable AgentTool tool(String name) {
    return tools.get(name);
  }

  /** Runs a tool with arguments given as a map (e.g. decoded JSON). */
  public ToolResult call(String name, Map<String, ?> arguments) {
    return call(name, dev.rexd.api.json.RexdJson.mapper().valueToTree(arguments), ToolCall.quiet());
  }

  /** Runs a tool with arguments given as JSON text (as most frameworks hand them over). */
  public ToolResult call(String name, String argumentsJson, ToolCall call) {
    JsonNode args;
    try {
      args = argumentsJson.isBlank() ? null : dev.rexd.api.json.RexdJson.mapper().readTree(argumentsJson);
    } catch (RuntimeException e) {
      return ToolResult.error("arguments are not valid JSON: " + e.getMessage());
    }
    return call(name, args, call);
  }

  /** Runs a tool; never throws for anything the tool, its arguments or the host did. */
  public ToolResult call(String name, @Nullable JsonNode arguments, ToolCall call) {
    AgentTool tool = tools.get(name);
    if (tool == null) {
      return ToolResult.error("no tool named '" + name + "'; the tools are " + String.join(", ", tools.keySet()));
    }
    RexdSession session = null;
    try {
      ToolArgs args = tool.params().check(arguments);
      session = source.get();
      return tool.handler().run(args, call);
    } catch (ToolArgumentException e) {
      return ToolResult.error(e.getMessage());
    } catch (RexdRemoteException e) {
      return ToolResult.error(describe(e));
    } catch (RexdTransportException e) {
      lost(session);
      return ToolResult.error("the host cannot be reached: " + e.getMessage()
          + (source.reconnects() ? "; the next call connects again" : ""));
    } catch (RexdTimeoutException e) {
      return ToolResult.error("no answer from the host in time: " + e.getMessage());
    } catch (RexdClientException e) {
      return ToolResult.error(e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "tool " + name + " failed", e);
      return ToolResult.error("the tool failed unexpectedly: " + e);
    }
  }

  private void lost(@Nullable RexdSession session) {
    if (session != null && source.reconnects()) {
      book.clear();
      source.lost(session);
    }
  }

  /** The server's refusal in a sentence a model can act on. */
  static String describe(RexdRemoteException e) {
    String message = serverMessage(e);
    if (Reasons.OUTSIDE_ROOTS.equals(e.reason()) || e.code().code() == -32002) {
      Object roots = e.data().get("allowed_roots");
      Object path = e.data().get("path");
      return "path is outside the allowed roots (" + (roots instanceof List<?> l ? joined(l) : String.valueOf(roots))
          + ")" + (path == null ? "" : ": " + path);
    }
    return message;
  }

  private static String joined(List<?> list) {
    return String.join(", ", list.stream().map(String::valueOf).toList());
  }

  /** The server's own message, without the client's "method failed:" and "(code reason)" frame. */
  private static String serverMessage(RexdRemoteException e) {
    String m = Objects.requireNonNullElse(e.getMessage(), "");
    String prefix = e.method() + " failed: ";
    if (m.startsWith(prefix)) {
      m = m.substring(prefix.length());
    }
    String suffix = " (" + e.rawCode() + " " + e.reason() + ")";
    return m.endsWith(suffix) ? m.substring(0, m.length() - suffix.length()) : m;
  }

  /** Kills the processes the tools left running and, for {@link #connecting}, closes the connection. */
  @Override
  public void close() {
    for (ProcessBook.Entry e : book.all()) {
      if (e.log.exit() == null) {
        try {
          e.process.kill("KILL");
        } catch (RuntimeException gone) {
          // the connection is gone: so is the process group
        }
      }
    }
    book.clear();
    source.close();
  }
}
