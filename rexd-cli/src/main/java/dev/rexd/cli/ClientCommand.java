package dev.rexd.cli;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdClientException;
import dev.rexd.client.RexdSession;
import dev.rexd.client.RexdTarget;
import dev.rexd.client.RexdTargets;
import dev.rexd.client.RexdTargetsException;
import dev.rexd.client.RexdTimeoutException;
import dev.rexd.client.RexdTransportException;
import dev.rexd.transport.stdio.ChildStderr;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The common part of the client subcommands ({@code exec}, {@code read}, {@code targets}): where
 * {@code targets.json} is, connecting to a target, and turning failures into one line on stderr
 * and an exit status — 2 for usage and configuration errors (a bad or missing targets file, an
 * unknown target), 1 when the target cannot be reached or refuses the call. Never a stack trace.
 * What a spawned server (ssh, stdio targets) writes to stderr is kept and shown only on failure,
 * before the message.
 *
 * <pre>{@code
 * final class PingCommand extends ClientCommand {
 *   int run() { try (RexdClient c = connect("prod"); RexdSession s = open(c, "prod")) { return 0; } }
 * }
 * }</pre>
 */
abstract class ClientCommand implements Callable<Integer> {
  /** The environment variable naming a targets file, unless {@code --targets} does. */
  static final String TARGETS_ENV = "REXD_TARGETS";

  @Option(names = "--targets", paramLabel = "FILE",
      description = "The targets file (default: $" + TARGETS_ENV + ", else $XDG_CONFIG_HOME/rexd/targets.json or ~/.config/rexd/targets.json).")
  @Nullable Path targetsFile;

  final PrintStream out;
  final PrintStream err;
  /** A spawned server's stderr, shown only when the command fails. */
  private final ChildStderr.LastLines serverStderr = new ChildStderr.LastLines(200);
  private final Map<String, String> env;

  ClientCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  /** Does the work; exceptions of the client become messages and exit statuses in {@link #call()}. */
  abstract int run();

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (RexdTargetsException e) {
      return fail(2, e.getMessage());
    } catch (RexdClientException e) {
      return fail(1, e.getMessage());
    } catch (RuntimeException e) {
      return fail(1, "unexpected failure: " + e);
    }
  }

  private int fail(int status, @Nullable String message) {
    for (String line : serverStderr.lines()) {
      err.println(line);
    }
    err.println("rexd: " + message);
    err.flush();
    return status;
  }

  /** The targets file: {@code --targets}, else {@code $REXD_TARGETS}, else the default path. */
  Path targetsPath() {
    if (targetsFile != null) {
      return targetsFile;
    }
    String fromEnv = env.get(TARGETS_ENV);
    return fromEnv == null || fromEnv.isEmpty() ? RexdTargets.defaultPath() : Path.of(fromEnv);
  }

  RexdTargets targets() {
    return RexdTargets.load(targetsPath());
  }

  /** Connects to the target {@code alias}. */
  RexdClient connect(String alias) {
    return connect(targets().get(alias));
  }

  /** Connects to {@code target}. */
  RexdClient connect(RexdTarget target) {
    try {
      return target.clientBuilder().clientName("rexd-cli").serverStderr(ChildStderr.lines(serverStderr::add)).build();
    } catch (RexdTransportException e) {
      throw unreachable(target.alias(), e);
    }
  }

  /** Opens a session on a target's client; the first call, so where an unreachable target shows. */
  RexdSession open(RexdClient client, String alias) {
    try {
      return client.openSession();
    } catch (RexdTransportException | RexdTimeoutException e) {
      throw unreachable(alias, e);
    }
  }

  private static RexdTransportException unreachable(String alias, RexdClientException e) {
    return new RexdTransportException("cannot reach target '" + alias + "': " + e.getMessage(), e);
  }
}
