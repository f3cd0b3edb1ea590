package dev.rexd.cli;

import dev.rexd.core.RexdServer;
import dev.rexd.core.config.ConfigException;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.core.process.Pipes;
import dev.rexd.core.sandbox.SandboxCheck;
import dev.rexd.core.sandbox.SandboxSettings;
import dev.rexd.transport.stdio.StdioTransports;
import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code rexd} command: {@code rexd --stdio [--config FILE]}, {@code rexd --http HOST:PORT
 * [--config FILE]}, {@code rexd --connect URL --name NAME [--config FILE]} (dial out to a hub),
 * {@code --help}, {@code --version}. Logs go to stderr; in stdio mode stdout
 * carries protocol lines only. In both modes SIGTERM, SIGINT and SIGHUP end every process group
 * that was not started detached (TERM, then KILL after the grace period) before the server exits.
 *
 * <pre>{@code
 * rexd --stdio --config /etc/rexd/rexd.toml
 * }</pre>
 */
@Command(name = "rexd", mixinStandardHelpOptions = true, versionProvider = RexdMain.Version.class,
    description = "REXD v1 server: remote execution and filesystem plane for AI agents.",
    sortOptions = false)
public final class RexdMain implements Callable<Integer> {
  private static final int STDOUT_PIPE_BYTES = 1 << 20;

  @Option(names = "--stdio", description = "Serve JSON-RPC as NDJSON on stdin/stdout; exit at EOF.")
  boolean stdio;

  @Option(names = "--http", paramLabel = "HOST:PORT", description = "Serve POST /rpc and GET /ws on HOST:PORT.")
  @Nullable String http;

  @Option(names = "--connect", paramLabel = "URL", description = "Dial out to a hub (wss://HUB/agents) and serve "
      + "REXD over the connections it asks for.")
  @Nullable String connect;

  @Option(names = "--name", paramLabel = "NAME", description = "This host's name at the hub (with --connect).")
  @Nullable String name;

  @Option(names = "--config", paramLabel = "FILE", description = "TOML config (the Go server's layout).")
  @Nullable Path config;

  @Option(names = "--insecure", description = "Allow --http on a non-loopback address without a token.")
  boolean insecure;

  @Option(names = "--check-sandbox", description = "Print what sandboxing ([sandbox] mode = \"bwrap\") can do on "
      + "this host, then exit (1 when it cannot work).")
  boolean checkSandbox;

  private final PrintStream protocolOut;
  private final PrintStream err;

  RexdMain(PrintStream protocolOut, PrintStream err) {
    this.protocolOut = protocolOut;
    this.err = err;
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // stdout belongs to the protocol: anything else that prints goes to stderr
    PrintStream protocolOut = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
    System.setOut(System.err);
    LibraryLogs.warningsOnly();
    int code = run(args, protocolOut, System.err);
    System.exit(code);
  }

  static int run(String[] args, PrintStream protocolOut, PrintStream err) {
    RexdMain main = new RexdMain(protocolOut, err);
    if (main.takeServeArgs(args)) {
      // the common cases, `rexd --stdio` and `rexd --http HOST:PORT`, start without loading the
      // option parser (its Java 5 classes cannot go into a start-up archive)
      return main.call();
    }
    CommandLine cl = new CommandLine(main);
    ClientCommands.addTo(cl, protocolOut, err);
    cl.addSubcommand(new HubCommand(err, System.getenv()));
    cl.setOut(new PrintWriter(protocolOut, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    if (checkSandbox) {
      return checkSandbox();
    }
    if ((stdio ? 1 : 0) + (http != null ? 1 : 0) + (connect != null ? 1 : 0) != 1) {
      err.println("rexd: choose one of --stdio, --http HOST:PORT or --connect URL (see --help)");
      return 2;
    }
    if (http != null) {
      HttpMode.initJettyInBackground();
    }
    RexdConfig cfg;
    try {
      cfg = config == null ? RexdConfig.defaults() : RexdConfig.load(config);
    } catch (ConfigException e) {
      err.println("rexd: config: " + e.getMessage());
      return 2;
    }
    RexdServer server;
    try {
      RexdServer.Builder builder = cfg.applyTo(RexdServer.builder());
      SandboxSettings sandbox = cfg.sandboxSettings();
      if (sandbox != null && config != null) {
        builder.sandbox(sandbox.hiding(List.of(config)));
      }
      server = builder.build();
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("rexd: config: " + e.getMessage());
      return 2;
    } catch (IllegalStateException e) {
      err.println("rexd: " + e.getMessage());
      return 2;
    }
    if (config == null) {
      err.println("rexd: no --config given: defaults, with the current directory as the only root: "
          + server.allowedRoots().get(0));
    }
    if (http != null) {
      return new HttpMode(err, System.getenv()).serve(server, cfg, http, insecure);
    }
    if (connect != null) {
      return new ConnectMode(err, System.getenv()).serve(server, cfg, connect, name);
    }
    err.println("rexd " + RexdServer.VERSION + ": serving stdio; roots " + server.allowedRoots());
    // output events leave through stdout: a 1 MiB pipe takes eight 128 KiB chunks before the
    // client must read, instead of half of one
    Pipes.widen(1, STDOUT_PIPE_BYTES);
    // SIGTERM, SIGINT and SIGHUP run the shutdown hooks: end every non-detached process group first
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "rexd-shutdown"));
    try {
      StdioTransports.serve(server, new FileInputStream(FileDescriptor.in), protocolOut);
    } finally {
      server.close();
    }
    return 0;
  }

  /**
   * Takes the two ways a server is usually started, {@code --stdio} or {@code --http HOST:PORT}
   * (also {@code --http=HOST:PORT}), each with at most one {@code --config FILE} (or in the
   * form {@code --config=FILE}), and for {@code --http} also {@code --insecure}, in any order;
   * returns false, taking nothing, for any other command line.
   */
  boolean takeServeArgs(String[] args) {
    boolean sawStdio = false;
    boolean sawInsecure = false;
    String address = null;
    String file = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String next = i + 1 < args.length && !args[i + 1].startsWith("-") ? args[i + 1] : null;
      if (a.equals("--stdio") && !sawStdio) {
        sawStdio = true;
      } else if (a.equals("--insecure") && !sawInsecure) {
        sawInsecure = true;
      } else if (a.equals("--http") && address == null && next != null) {
        address = next;
        i++;
      } else if (a.equals("--config") && file == null && next != null) {
        file = next;
        i++;
      } else if (address == null && isValued(a, "--http=")) {
        address = a.substring("--http=".length());
      } else if (file == null && isValued(a, "--config=")) {
        file = a.substring("--config=".length());
      } else {
        return false;
      }
    }
    if (sawStdio == (address != null) || (sawInsecure && sawStdio)) {
      return false;
    }
    stdio = sawStdio;
    http = address;
    insecure = sawInsecure;
    config = file == null ? null : Path.of(file);
    return true;
  }

  /** Whether {@code arg} is {@code prefix} followed by a value. */
  private static boolean isValued(String arg, String prefix) {
    return arg.startsWith(prefix) && arg.length() > prefix.length();
  }

  /** {@code --check-sandbox}: each check on its own line; 1 when sandboxing cannot work here. */
  private int checkSandbox() {
    SandboxSettings settings;
    try {
      RexdConfig cfg = config == null ? RexdConfig.defaults() : RexdConfig.load(config);
      SandboxSettings configured = cfg.sandboxSettings();
      settings = configured == null ? SandboxSettings.defaults() : configured;
    } catch (ConfigException e) {
      err.println("rexd: config: " + e.getMessage());
      return 2;
    }
    SandboxCheck check = SandboxCheck.run(settings);
    for (SandboxCheck.Item i : check.items()) {
      protocolOut.println((i.ok() ? "ok    " : "FAIL  ") + i.name() + ": " + i.detail());
    }
    check.limits().forEach((name, l) -> protocolOut.println((l.enforced() ? "ok    " : "no    ") + name + " = "
        + l.value() + ": " + l.how()));
    protocolOut.println(check.usable() ? "sandbox: usable" : "sandbox: NOT usable on this host");
    protocolOut.flush();
    return check.usable() ? 0 : 1;
  }

  /** Reports the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"rexd " + RexdServer.VERSION + " (rexd-java, protocol rexd/1)"};
    }
  }
}
