package dev.rexd.bench.startup;

import dev.rexd.api.json.RexdJson;
import dev.rexd.api.session.SessionOpenParams;
import dev.rexd.core.RexdServer;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.core.process.ProcessPolicy;
import dev.rexd.core.process.ProcessService;
import dev.rexd.core.process.Spawners;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Where the cold start of {@code rexd --stdio} goes: one fresh JVM doing what {@code RexdMain} does
 * up to the first {@code session.open} answer, one phase after the other, each timed. Prints one
 * line {@code phase=millis ...} on stdout. The harness runs it several times, with the JDK and flags
 * {@code bin/rexd} uses, and reports the medians.
 *
 * <p>Phases: JVM start to {@code main} (from the spawning process's {@code System.nanoTime()}, given
 * as the first argument: the clock is shared by processes on Linux); picocli parsing a command
 * line shaped like rexd's; {@code RexdConfig.defaults()} (its class builds a TOML mapper);
 * the JSON mapper's first {@code readTree} and {@code valueToTree}; {@code RexdServer.build()};
 * the first {@code session.open} through {@code server.handle} (its capabilities list terminals
 * by the quick host check); a second one (which starts the PTY probe in the background). With the
 * flag {@code --probe-only} it times the PTY probe alone in a fresh JVM instead.
 *
 * <pre>{@code
 * java -cp ... dev.rexd.bench.startup.StartupProfile $(date +%s%N) [--probe-only]
 * }</pre>
 */
public final class StartupProfile {
  private StartupProfile() {}

  /** The shape of rexd's command line: picocli builds the same model by reflection. */
  @Command(name = "rexd", mixinStandardHelpOptions = true, version = "rexd (profile)")
  static final class Cmd implements Callable<Integer> {
    @Option(names = "--stdio") boolean stdio;
    @Option(names = "--http", paramLabel = "HOST:PORT") String http;
    @Option(names = "--config", paramLabel = "FILE") Path config;
    @Option(names = "--insecure") boolean insecure;

    @Override
    public Integer call() {
      return 0;
    }
  }

  public static void main(String[] args) throws Exception {
    long t = System.nanoTime();
    Map<String, Double> phases = new LinkedHashMap<>();
    if (args.length > 0 && args[0].matches("\\d+")) {
      phases.put("jvm_to_main", (t - Long.parseLong(args[0])) / 1e6);
    }
    if (args.length > 1 && args[1].equals("--probe-only")) {
      new ProcessService(ProcessPolicy.defaults(), Spawners::system, List.of()).terminalsAvailable();
      t = lap(phases, "pty_probe", t);
      print(phases);
      return;
    }
    new CommandLine(new Cmd()).execute("--stdio");
    t = lap(phases, "picocli", t);
    RexdConfig cfg = RexdConfig.defaults();
    RexdServer.Builder b = cfg.applyTo(RexdServer.builder());
    t = lap(phases, "config_toml_init", t);
    RexdJson.mapper().valueToTree(RexdJson.mapper().readValue(RexdJson.mapper()
        .readTree("{\"client_name\":\"x\"}").toString(), SessionOpenParams.class));
    t = lap(phases, "jackson_first_use", t);
    RexdServer server = b.build();
    t = lap(phases, "server_build", t);
    String open = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\"p\"}}";
    String answer = server.handle(open).join().orElseThrow();
    if (!answer.contains("session_id")) {
      throw new IllegalStateException(answer);
    }
    t = lap(phases, "first_session_open", t);
    server.handle(open).join();
    lap(phases, "second_session_open", t);
    print(phases);
    server.close();
    System.exit(0);
  }

  private static long lap(Map<String, Double> phases, String name, long since) {
    long now = System.nanoTime();
    phases.put(name, (now - since) / 1e6);
    return now;
  }

  private static void print(Map<String, Double> phases) {
    StringBuilder sb = new StringBuilder();
    phases.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=')
        .append(String.format(Locale.ROOT, "%.2f", v)));
    System.out.println(sb);
    System.out.flush();
  }
}
