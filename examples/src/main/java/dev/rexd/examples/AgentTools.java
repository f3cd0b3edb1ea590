package dev.rexd.examples;

import dev.rexd.api.fs.FsGlobResult;
import dev.rexd.api.fs.FsPatchResult;
import dev.rexd.api.fs.FsWriteResult;
import dev.rexd.client.ExecResult;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdClientException;
import dev.rexd.client.RexdRemoteException;
import dev.rexd.client.RexdSession;
import dev.rexd.client.RexdTargets;
import dev.rexd.core.RexdServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The tool facade an agent framework plugs in: {@code bash}, {@code read}, {@code write},
 * {@code edit}, {@code apply_patch} and {@code glob}, each taking plain strings and returning the
 * text the model reads. The model sees one toolset; where it runs is the runtime's choice — a
 * target from {@code ~/.config/rexd/targets.json}, or any {@link RexdClient}.
 *
 * <pre>{@code
 * try (AgentTools tools = AgentTools.forTarget("prod")) {
 *   String status = tools.bash("git status --short");
 *   String result = tools.edit("README.md", "Hello", "Hello, REXD");
 * }
 * }</pre>
 *
 * <p>What the server refuses (a missing file, an ambiguous edit, a path outside the roots) comes
 * back as text starting with {@code error:}, so the model can read it and try again; a broken
 * connection throws, because only the runtime can do something about that.
 *
 * <p>{@code examples/run AgentTools} shows every tool against an in-process server on a temporary
 * directory; {@code examples/run AgentTools TARGET TOOL ARGS...} calls one tool on a target, e.g.
 * {@code examples/run AgentTools prod bash 'uname -a'}.
 */
public final class AgentTools implements AutoCloseable {
  private final RexdClient client;
  private final RexdSession session;
  private final boolean ownsClient;

  /** Tools in a new session on {@code client}; closing them closes the session, not the client. */
  public AgentTools(RexdClient client) {
    this(client, false);
  }

  private AgentTools(RexdClient client, boolean ownsClient) {
    this.client = client;
    this.session = client.openSession("agent-tools");
    this.ownsClient = ownsClient;
  }

  /** Tools on the target {@code alias} of {@code ~/.config/rexd/targets.json}. */
  public static AgentTools forTarget(String alias) {
    return forTarget(RexdTargets.load(), alias);
  }

  /** Tools on the target {@code alias}; closing them closes its connection. */
  public static AgentTools forTarget(RexdTargets targets, String alias) {
    RexdClient client = targets.connect(alias);
    try {
      return new AgentTools(client, true);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** {@code bash}: runs a shell command line; its output, and how it ended unless it succeeded. */
  public String bash(String command) {
    return tool(() -> {
      ExecResult r = session.shell(command).run();
      String output = r.stdout() + r.stderr();
      if (r.isSuccess()) {
        return output.isEmpty() ? "(no output)" : output;
      }
      String end = r.timedOut() ? "timed out" : r.signal() != null ? "killed by " + r.signal() : "exit " + r.exitCode();
      return output + (output.isEmpty() || output.endsWith("\n") ? "" : "\n") + "[" + end
          + (r.truncated() ? ", output truncated" : "") + "]";
    });
  }

  /** {@code read}: the file's text. */
  public String read(String path) {
    return tool(() -> session.fs().readString(path));
  }

  /** {@code write}: creates or replaces the file (and missing parent directories). */
  public String write(String path, String content) {
    return tool(() -> {
      FsWriteResult r = session.fs().write(path, content).mkdirParents(true).apply();
      return (r.created() ? "created " : "replaced ") + r.path() + " (" + r.bytesWritten() + " bytes)";
    });
  }

  /** {@code edit}: replaces the one occurrence of {@code oldString} in the file. */
  public String edit(String path, String oldString, String newString) {
    return tool(() -> "edited " + session.fs().edit(path).replace(oldString, newString).apply().path());
  }

  /** {@code apply_patch}: applies a {@code *** Begin Patch} patch, all or nothing. */
  public String applyPatch(String patch) {
    return tool(() -> {
      FsPatchResult r = session.fs().patch(patch);
      List<String> changes = new ArrayList<>();
      r.added().forEach(p -> changes.add("A " + p));
      r.updated().forEach(p -> changes.add("M " + p));
      r.deleted().forEach(p -> changes.add("D " + p));
      r.moved().forEach(m -> changes.add("R " + m.from() + " -> " + m.to()));
      return "patch applied:\n" + String.join("\n", changes);
    });
  }

  /** {@code glob}: the matching paths, one per line. */
  public String glob(String pattern) {
    return tool(() -> {
      FsGlobResult r = session.fs().glob(pattern);
      if (r.matches().isEmpty()) {
        return "no files match " + pattern;
      }
      return String.join("\n", r.matches()) + (r.truncated() ? "\n[more matches not shown]" : "");
    });
  }

  /** Calls a tool by the name the model uses, with its arguments in order. */
  public String call(String tool, List<String> args) {
    return switch (tool) {
      case "bash" -> bash(arg(args, 0));
      case "read" -> read(arg(args, 0));
      case "write" -> write(arg(args, 0), arg(args, 1));
      case "edit" -> edit(arg(args, 0), arg(args, 1), arg(args, 2));
      case "apply_patch" -> applyPatch(arg(args, 0));
      case "glob" -> glob(arg(args, 0));
      default -> "error: no tool named " + tool + "; tools: bash, read, write, edit, apply_patch, glob";
    };
  }

  private static String arg(List<String> args, int i) {
    if (i >= args.size()) {
      throw new IllegalArgumentException("missing argument " + (i + 1));
    }
    return args.get(i);
  }

  private static String tool(Supplier<String> call) {
    try {
      return call.get();
    } catch (RexdRemoteException e) {
      return "error: " + e.getMessage();
    }
  }

  /** Closes the session, and the connection if these tools opened it. */
  @Override
  public void close() {
    try {
      session.close();
    } finally {
      if (ownsClient) {
        client.close();
      }
    }
  }

  /** No arguments: every tool on an in-process server; else {@code TARGET TOOL ARGS...}. */
  public static void main(String[] args) throws IOException {
    if (args.length == 1) {
      System.err.println("usage: AgentTools [TARGET TOOL ARGS...]   (no arguments: a demo on a temporary directory)");
      System.exit(2);
    }
    if (args.length > 1) {
      try (AgentTools tools = forTarget(args[0])) {
        System.out.println(tools.call(args[1], Arrays.asList(args).subList(2, args.length)));
      } catch (RexdClientException e) {
        System.err.println("AgentTools: " + e.getMessage());
        System.exit(1);
      }
      return;
    }
    try (TempDir dir = TempDir.create("rexd-agent-tools-");
         RexdServer server = RexdServer.builder().allowedRoot(dir.path()).build();
         RexdClient client = RexdClient.inProcess(server::connect);
         AgentTools tools = new AgentTools(client)) {
      show("write", List.of("src/greeting.txt", "Hello, world!\n"), tools);
      show("edit", List.of("src/greeting.txt", "world", "agent"), tools);
      show("apply_patch", List.of(String.join("\n", "*** Begin Patch", "*** Add File: src/notes.md",
          "+# Notes", "+patched in", "*** End Patch")), tools);
      show("glob", List.of("src/*"), tools);
      show("read", List.of("src/greeting.txt"), tools);
      show("bash", List.of("wc -l src/*; exit 3"), tools);
      show("read", List.of("src/missing.txt"), tools);
    }
  }

  private static void show(String tool, List<String> args, AgentTools tools) {
    List<String> quoted = new ArrayList<>();
    args.forEach(a -> quoted.add('"' + a.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"'));
    System.out.println("> " + tool + "(" + String.join(", ", quoted) + ")");
    System.out.println(tools.call(tool, args).stripTrailing());
    System.out.println();
  }
}
