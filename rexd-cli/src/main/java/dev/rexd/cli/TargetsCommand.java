package dev.rexd.cli;

import dev.rexd.client.RexdTarget;
import dev.rexd.client.RexdTargets;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;

/**
 * {@code rexd targets}: the targets of {@code targets.json}, one per line — name, transport and
 * where it leads ({@code [user@]host[:port]}, the URL without credentials, or the local command).
 * Tokens, headers and URL credentials are never printed; a target with a token says
 * {@code (token)}.
 *
 * <pre>{@code
 * $ rexd targets
 * NAME  TRANSPORT  ADDRESS
 * prod  ssh        deploy@app-1:2222
 * ci    ws         wss://ci.example.com:8443/ws (token)
 * }</pre>
 */
@Command(name = "targets", mixinStandardHelpOptions = true, versionProvider = RexdMain.Version.class,
    sortOptions = false, description = "List the targets of targets.json.")
final class TargetsCommand extends ClientCommand {

  TargetsCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    super(out, err, env);
  }

  @Override
  int run() {
    RexdTargets targets = targets();
    if (targets.targets().isEmpty()) {
      err.println("rexd: no targets in " + targetsPath());
      return 0;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "TRANSPORT", "ADDRESS"});
    for (RexdTarget t : targets.targets().values()) {
      rows.add(new String[] {t.alias(), t.transport().wireName(), address(t)});
    }
    int nameWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    int transportWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
    for (String[] r : rows) {
      out.println(pad(r[0], nameWidth) + "  " + pad(r[1], transportWidth) + "  " + r[2]);
    }
    out.flush();
    return 0;
  }

  private static String address(RexdTarget t) {
    return switch (t.transport()) {
      case SSH -> (t.user() == null ? "" : t.user() + "@") + t.host() + (t.port() == null ? "" : ":" + t.port());
      case STDIO -> String.valueOf(t.command());
      case HTTP, WS -> url(Objects.requireNonNull(t.url(), "url")) + (t.token() == null ? "" : " (token)");
      case HUB -> t.host() + " via " + url(Objects.requireNonNull(t.url(), "url")) + (t.token() == null ? "" : " (token)");
    };
  }

  /** The URL without user info, query or fragment, where credentials could hide. */
  private static String url(URI u) {
    return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
        + (u.getRawPath() == null ? "" : u.getRawPath());
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
