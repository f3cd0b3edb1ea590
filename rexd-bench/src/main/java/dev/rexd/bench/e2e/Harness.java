package dev.rexd.bench.e2e;

import dev.rexd.bench.e2e.RawClient.Proc;
import dev.rexd.bench.e2e.RawClient.RpcFailure;
import dev.rexd.client.ExitStatus;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import tools.jackson.databind.JsonNode;

/**
 * The end-to-end harness: drives real servers through real transports and prints one
 * table with every figure next to its floor, measured in the same run. Progress goes to stderr,
 * the table (Markdown) to stdout.
 *
 * <p>Figures: (1) cold start of {@code bin/rexd --stdio} to the first {@code session.open} answer
 * vs {@code /bin/true} and a bare JVM, and {@code bin/rexd --http} to its first {@code /healthz}
 * 200 vs that cold start; (2) {@code fs.stat} p50/p99 per transport vs that transport's
 * raw echoes, taking turns with them, and a fresh server's first calls; (3) the time from
 * an {@code exec.start} to the {@code exec.exit} of {@code true} vs a bare spawn+wait with a
 * JDK {@code ProcessBuilder}; (4) stdout MB/s of text and random bytes vs the raw pipe; (5) 64
 * sessions × 16 concurrent processes, runs/s, every exit and byte checked; (6) the stdio server's
 * RSS idle and with 256 open sessions.
 *
 * <pre>{@code
 * bin/rexd-bench                 # everything, under 5 minutes
 * bin/rexd-bench --quick         # smaller streams and counts, for a smoke run
 * java -cp ... dev.rexd.bench.e2e.Harness --only=stat,exec --transports=stdio
 * }</pre>
 */
public final class Harness {
  private static final double MB = 1e6;
  /** Calls of a fresh server timed on their own: those it runs before its JIT compiler caught up. */
  static final int FIRST_CALLS = 40;
  /** Calls per turn when {@code fs.stat} and its echoes take turns. */
  private static final int STAT_TURN = 250;

  private final Options o;
  private final Table table = new Table();
  private final Path work;
  private final Path root;
  private final Path config;
  private final Path serverLog;
  private final Map<String, String> launcher;
  private String execMissing;
  private String loadBefore;

  private Harness(Options o) throws Exception {
    this.o = o;
    this.work = Files.createTempDirectory("rexd-bench-");
    this.root = Files.createDirectories(work.resolve("root")).toRealPath();
    Files.writeString(root.resolve("README.md"), "# bench\n".repeat(100));
    this.config = Target.writeConfig(work, root, o.sandbox);
    this.serverLog = work.resolve("server-stderr.log");
    this.launcher = launcherInfo(o.rexd, o.serverOpts);
  }

  private static final String USAGE = """
      usage: bin/rexd-bench [options]        (the table on stdout, progress on stderr)
        --quick                     smaller streams and counts: a smoke run of about a minute
        --only=cold,startup,stat,exec,stream,conc,mem  run only these figures
        --transports=in-process,stdio,websocket        only these transports
        --peer=PATH                 side by side with another REXD stdio server (PATH --stdio)
        --peer-rounds=N --peer-stream-mib=N            rounds and stream size of the side-by-side run
        --exec-warm-up=N            execs each fresh server runs there before its execs are timed
        --stat-warm-up=N            untimed fs.stat calls (and echoes) before the timed ones (15000)
        --fan-out [--hosts=N --sessions-per-host=N --commands=N --in-flight=N]
                                    one client JVM driving N rexd --stdio hosts
        --sandbox                   exec figures with [sandbox] mode = "bwrap" as well
        --cold-runs=N --stat-calls=N --exec-runs=N --runs-per-session=N --text-mib=N --random-mib=N
        --server-opts='JVM FLAGS'   run the server with these JVM flags (REXD_JAVA_OPTS)
        --repo=DIR --keep           the checkout to benchmark; keep the work directory
      """;

  public static void main(String[] args) throws Exception {
    // read once when the JDK HTTP server's classes load: set before anything touches them
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("rexd-bench: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (o.help) {
      System.err.print(USAGE);
      return;
    }
    Harness h = new Harness(o);
    long t0 = System.nanoTime();
    try {
      h.run();
    } finally {
      h.cleanUp();
    }
    System.err.printf(Locale.ROOT, "rexd-bench: harness done in %.0f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private void run() throws Exception {
    loadBefore = loadAvg();
    progress("launcher: " + launcher);
    progress("work dir " + work + ", server stderr in " + serverLog);
    if (o.peer != null || o.fanOut) {
      Table t = o.peer != null ? new SideBySide(o, work, root, config, serverLog).run()
          : new FanOut(o, config, root, serverLog).run();
      PrintHeader.print(System.out, o, launcher, loadBefore, loadAvg());
      t.print(System.out);
      return;
    }
    if (o.on("cold")) {
      coldStart();
    }
    if (o.on("startup")) {
      startupProfile();
    }
    if (o.on("stat")) {
      smallCalls();
    }
    if (o.on("exec")) {
      execRoundTrip();
    }
    if (o.on("stream")) {
      streaming();
    }
    if (o.on("conc")) {
      concurrency();
    }
    if (o.on("mem")) {
      memory();
    }
    PrintHeader.print(System.out, o, launcher, loadBefore, loadAvg());
    table.print(System.out);
  }

  // ---------------------------------------------------------------- 1. cold start

  private void coldStart() throws Exception {
    section("1. cold start");
    String java = launcher.getOrDefault("java", "java");
    String plainJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path jar = o.repoDir.resolve("rexd-cli/target/rexd.jar");
    String classes = Path.of(Hello.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\"bench\"}}\n";

    // make sure the launcher's archive exists, so the figure is the steady state of every later start
    Map<String, String> env = o.serverOpts == null ? Map.of() : Map.of("REXD_JAVA_OPTS", o.serverOpts);
    Map<String, String> sync = new LinkedHashMap<>(env);
    sync.put("REXD_ARCHIVE", "sync");
    startAndAnswer(List.of(o.rexd.toString(), "--stdio"), request, sync);
    HttpReady.time(List.of(o.rexd.toString()), sync, root, serverLog);   // --http has an archive of its own

    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("/bin/true", List.of("/bin/true"));
    variants.put("hello", List.of(java, "-cp", classes, Hello.class.getName()));
    variants.put("hello17", List.of(plainJava, "-cp", classes, Hello.class.getName()));
    variants.put("rexd", List.of(o.rexd.toString(), "--stdio"));
    variants.put("http", List.of(o.rexd.toString()));
    variants.put("plain", List.of(plainJava, "-jar", jar.toString(), "--stdio"));
    Map<String, long[]> samples = new LinkedHashMap<>();
    variants.keySet().forEach(k -> samples.put(k, new long[o.coldRuns]));
    for (int i = 0; i < o.coldRuns; i++) {
      for (Map.Entry<String, List<String>> v : variants.entrySet()) {
        samples.get(v.getKey())[i] = v.getKey().equals("/bin/true") ? spawnWait(v.getValue())
            : v.getKey().startsWith("hello") ? startAndLine(v.getValue())
            : v.getKey().equals("http") ? HttpReady.time(v.getValue(), env, root, serverLog)
            : startAndAnswer(v.getValue(), request, v.getKey().equals("rexd") ? env : Map.of());
      }
    }
    Stats t = Stats.of(samples.get("/bin/true"));
    Stats hello = Stats.of(samples.get("hello"));
    Stats hello17 = Stats.of(samples.get("hello17"));
    Stats rexd = Stats.of(samples.get("rexd"));
    Stats plain = Stats.of(samples.get("plain"));
    Stats http = Stats.of(samples.get("http"));
    String jdk = "JDK " + launcher.getOrDefault("version", "?");
    table.add(Table.row("1", "cold start, median (min)", "bin/rexd --stdio", ms(rexd.p50()) + " (" + ms(rexd.min()) + ")",
        "bare JVM hello world, " + jdk, ms(hello.p50()) + " (" + ms(hello.min()) + ")", rexd.p50() / hello.p50(),
        "≤ 60 ms", rexd.p50() <= 60e6));
    table.add(Table.row("1", "cold start, median (min)", "bin/rexd --stdio", ms(rexd.p50()), "/bin/true",
        ms(t.p50()), rexd.p50() / t.p50(), "", null));
    table.add(Table.row("1", "cold start, median (min)", "java -jar rexd.jar (JDK " + Runtime.version().feature()
        + ", no flags)", ms(plain.p50()) + " (" + ms(plain.min()) + ")", "bare JVM hello world, JDK "
        + Runtime.version().feature(), ms(hello17.p50()) + " (" + ms(hello17.min()) + ")",
        plain.p50() / hello17.p50(), "bin/rexd never slower", rexd.p50() <= plain.p50()));
    table.add(Table.row("1", "--http ready: launch to the first /healthz 200, median (min)", "http",
        ms(http.p50()) + " (" + ms(http.min()) + ")", "bin/rexd --stdio cold start", ms(rexd.p50()),
        http.p50() / rexd.p50(), "≤ 2×", http.p50() <= 2 * rexd.p50()));
  }

  /** A loopback port nothing listens on right now, for a server to be started on. */
  static int freePort() {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long spawnWait(List<String> cmd) throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.waitFor();
    return System.nanoTime() - t0;
  }

  private long startAndLine(List<String> cmd) throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    long t = System.nanoTime() - t0;
    p.waitFor();
    if (line == null) {
      throw new IllegalStateException(cmd + " printed nothing");
    }
    return t;
  }

  private long startAndAnswer(List<String> cmd, String request, Map<String, String> env) throws Exception {
    return startAndAnswer(cmd, request, env, root, serverLog);
  }

  /**
   * Starts {@code cmd} in {@code dir} (stderr appended to {@code log}), writes {@code request} and
   * times the first answer line, which must carry a session id.
   */
  static long startAndAnswer(List<String> cmd, String request, Map<String, String> env, Path dir, Path log)
      throws Exception {
    long t0 = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    Process p = pb.start();
    OutputStream in = p.getOutputStream();
    in.write(request.getBytes(StandardCharsets.UTF_8));
    in.flush();
    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    long t = System.nanoTime() - t0;
    in.close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    if (line == null || !line.contains("session_id")) {
      throw new IllegalStateException(cmd + " did not answer session.open: " + line + " (see " + log + ")");
    }
    return t;
  }

  // ---------------------------------------------------------------- 1b. where the cold start goes

  /**
   * {@link dev.rexd.bench.startup.StartupProfile} in fresh JVMs with the launcher's JDK and flags
   * (and, on JDK 25+, an AOT cache trained on the profile itself, as bin/rexd has one): the median
   * of each phase of a start up to the first session.open answer.
   */
  private void startupProfile() throws Exception {
    section("1b. where the cold start goes");
    String java = launcher.getOrDefault("java", "java");
    List<String> flags = new ArrayList<>(List.of(launcher.getOrDefault("flags", "").split(" ")));
    flags.removeIf(String::isBlank);
    String cp = System.getProperty("java.class.path");
    String main = dev.rexd.bench.startup.StartupProfile.class.getName();
    int feature = parseFeature(launcher.getOrDefault("version", "0"));
    Path aot = work.resolve("profile.aot");
    if (feature >= 25) {
      List<String> train = new ArrayList<>(List.of(java));
      train.addAll(flags);
      train.addAll(List.of("-XX:AOTCacheOutput=" + aot, "-cp", cp, main, "0"));
      new ProcessBuilder(train).directory(root.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
      if (Files.isRegularFile(aot)) {
        flags.add("-XX:AOTCache=" + aot);
      }
    }
    Map<String, List<Double>> phases = new LinkedHashMap<>();
    for (int i = 0; i < o.profileRuns; i++) {
      for (boolean probe : new boolean[] {false, true}) {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", cp, main, Long.toString(System.nanoTime())));
        if (probe) {
          cmd.add("--probe-only");
        }
        Process p = new ProcessBuilder(cmd).directory(root.toFile())
            .redirectError(ProcessBuilder.Redirect.appendTo(serverLog.toFile())).start();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        for (String kv : line.substring(line.lastIndexOf('\n') + 1).split(" ")) {
          int eq = kv.indexOf('=');
          if (eq > 0 && !(probe && kv.startsWith("jvm_to_main"))) {
            phases.computeIfAbsent(kv.substring(0, eq), k -> new ArrayList<>())
                .add(Double.parseDouble(kv.substring(eq + 1)));
          }
        }
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("jvm_to_main", "JVM start to main()");
    labels.put("picocli", "picocli parses --stdio (rexd's option model)");
    labels.put("config_toml_init", "RexdConfig.defaults() (builds a TOML mapper)");
    labels.put("jackson_first_use", "JSON mapper: first readTree / readValue / valueToTree");
    labels.put("server_build", "RexdServer.build()");
    labels.put("first_session_open", "first session.open via handle() (terminals by the host check)");
    labels.put("second_session_open", "second session.open (starts the PTY probe in the background)");
    labels.put("pty_probe", "PTY probe alone, in a fresh JVM");
    String how = "JDK " + feature + ", bin/rexd's flags" + (flags.stream().anyMatch(f -> f.startsWith("-XX:AOTCache="))
        ? " + AOT cache" : "");
    for (Map.Entry<String, String> l : labels.entrySet()) {
      List<Double> v = phases.get(l.getKey());
      if (v == null || v.isEmpty()) {
        continue;
      }
      v.sort(null);
      table.add(Table.row("1b", "start-up phase: " + l.getValue(), how,
          String.format(Locale.ROOT, "%.1f ms", v.get(v.size() / 2)), "", "", Double.NaN, "", null));
    }
  }

  private static int parseFeature(String version) {
    String f = version.replaceAll("^1\\.", "").replaceAll("[^0-9].*$", "");
    return f.isEmpty() ? 0 : Integer.parseInt(f);
  }

  // ---------------------------------------------------------------- 2. small call

  /**
   * Times {@code fs.stat} over each transport against its echoes ({@link StatFloors}), all on
   * connections open at once. The server and the echoes take turns, after a warm-up in the same
   * turns, so that the JIT compilers of the server and of this client, and the machine's drift,
   * fall on all of them alike: timed one after the other, the first measured ran with the coldest
   * client. A fresh server's first {@value #FIRST_CALLS} calls are a row of their own, call by
   * call in turn with the fresh echoes'.
   */
  private void smallCalls() throws Exception {
    section("2. fs.stat round trip");
    String frame = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fs.stat\",\"params\":{\"session_id\":"
        + "\"sess_0123456789abcdef01234567\",\"path\":\"README.md\"}}";
    for (String transport : o.transports) {
      // the floor a target names: the pipe echo for stdio, the echo on the same Jetty for WebSocket
      boolean targeted = transport.equals("stdio");
      Target t = target(transport);
      if (t == null) {
        String target = switch (transport) {
          case "stdio" -> "≤ 2× echo";
          case "websocket" -> "≤ 2× echo on the same Jetty";
          default -> "";
        };
        table.add(Table.row("2", "fs.stat p50", transport, "n/a", "echo", "", Double.NaN, target,
            target.isEmpty() ? null : false));
        continue;
      }
      Stats[] first;
      Stats[] timed;
      Stats post = null;
      List<String> floorNames;
      try (t; StatFloors floors = StatFloors.open(transport)) {
        RawClient c = t.client();
        String sid = c.openSession("bench-stat");
        String params = "{\"session_id\":\"" + sid + "\",\"path\":\"README.md\"}";
        JsonNode r = c.call("fs.stat", params);
        if (!r.path("exists").asBoolean()) {
          throw new IllegalStateException("fs.stat README.md: " + r);
        }
        List<Sample> samplers = new ArrayList<>();
        samplers.add(() -> {
          long t0 = System.nanoTime();
          c.call("fs.stat", params);
          return System.nanoTime() - t0;
        });
        for (Echo e : floors.echoes()) {
          samplers.add(() -> e.roundTrip(frame));
        }
        floorNames = floors.names();
        first = takeTurns(FIRST_CALLS, 0, 1, samplers);
        timed = takeTurns(o.statCalls, o.statWarmUp, STAT_TURN, samplers);
        if (transport.equals("websocket")) {
          HttpRpc rpc = new HttpRpc(t.rpcUri());
          String postFrame = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fs.stat\",\"params\":" + params + "}";
          post = sample(o.statCalls / 2, o.statCalls / 4, () -> rpc.roundTrip(postFrame));
        }
      }
      Stats stat = timed[0];
      Stats floor = timed[1];
      table.add(Table.row("2", "fs.stat p50", transport, us(stat.p50()), floorNames.get(0) + " p50",
          us(floor.p50()), stat.p50() / floor.p50(), targeted ? "≤ 2× echo" : "",
          targeted ? stat.p50() <= 2 * floor.p50() : null));
      table.add(Table.row("2", "fs.stat p99", transport, us(stat.p99()), floorNames.get(0) + " p99",
          us(floor.p99()), stat.p99() / floor.p99(), "", null));
      if (transport.equals("websocket")) {
        Stats jetty = timed[2];
        table.add(Table.row("2", "fs.stat p50 / p99", transport, us(stat.p50()) + " / " + us(stat.p99()),
            floorNames.get(1) + " p50 / p99", us(jetty.p50()) + " / " + us(jetty.p99()),
            stat.p50() / jetty.p50(), "≤ 2× echo on the same Jetty", stat.p50() <= 2 * jetty.p50()));
      }
      int last = first.length - 1;
      table.add(Table.row("2", "fs.stat p50, a fresh server's first " + FIRST_CALLS + " calls", transport,
          us(first[0].p50()), floorNames.get(last - 1) + ", its first " + FIRST_CALLS + " p50",
          us(first[last].p50()), first[0].p50() / first[last].p50(), "", null));
      if (post != null) {
        com.sun.net.httpserver.HttpServer echo = HttpRpc.echoServer();
        Stats postFloor;
        try {
          HttpRpc rpc = new HttpRpc(java.net.URI.create("http://127.0.0.1:" + echo.getAddress().getPort() + "/rpc"));
          postFloor = sample(o.statCalls / 2, o.statCalls / 4, () -> rpc.roundTrip(frame));
        } finally {
          echo.stop(0);
        }
        table.add(Table.row("2", "fs.stat p50 / p99", "HTTP POST", us(post.p50()) + " / " + us(post.p99()),
            "POST echo (JDK HttpServer) p50 / p99", us(postFloor.p50()) + " / " + us(postFloor.p99()),
            post.p50() / postFloor.p50(), "", null));
      }
    }
    try (Echo e = Echo.tcp()) {
      Stats tcp = sample(o.statCalls, o.statCalls / 2, () -> e.roundTrip(frame));
      table.add(Table.row("2", "raw echo p50 / p99", "TCP loopback", "", "TCP echo (socket thread)",
          us(tcp.p50()) + " / " + us(tcp.p99()), Double.NaN, "", null));
    }
  }

  // ---------------------------------------------------------------- 3. exec round trip

  private void execRoundTrip() throws Exception {
    section("3. exec round trip");
    Stats bare = sample(o.execRuns, o.execRuns / 5, () -> spawnWait(List.of("true")));
    Stats setsid = sample(o.execRuns, o.execRuns / 5, () -> spawnWait(List.of("setsid", "--", "true")));
    eachTarget((transport, t) -> {
      RawClient c = t.client();
      String sid = c.openSession("bench-exec");
      if (!execAvailable(c, sid)) {
        table.add(Table.row("3", "exec.start → exec.exit of true, p50", transport, "n/a",
            "ProcessBuilder spawn+wait of true p50", us(bare.p50()), Double.NaN, "< 1×", false));
        return;
      }
      String params = "{\"session_id\":\"" + sid + "\",\"argv\":[\"true\"],\"stdin\":\"\"}";
      Stats exec = sample(o.execRuns, o.execRuns / 5, () -> {
        long t0 = System.nanoTime();
        String pid = c.call("exec.start", params).get("process_id").asString();
        RawClient.await(c.proc(pid).exit, 30_000);
        long d = System.nanoTime() - t0;
        c.forget(pid);
        return d;
      });
      table.add(Table.row("3", "exec.start → exec.exit of true, p50", transport, us(exec.p50()),
          "ProcessBuilder spawn+wait of true p50", us(bare.p50()), exec.p50() / bare.p50(), "< 1×",
          exec.p50() < bare.p50()));
      table.add(Table.row("3", "exec.start → exec.exit of true, p99", transport, us(exec.p99()),
          "ProcessBuilder spawn+wait of true p99", us(bare.p99()), exec.p99() / bare.p99(), "", null));
    });
    table.add(Table.row("3", "spawn+wait, p50 (what the server does today)", "", "",
        "ProcessBuilder setsid -- true", us(setsid.p50()), setsid.p50() / bare.p50(), "", null));
  }

  private boolean execAvailable(RawClient c, String sid) {
    if (execMissing != null) {
      return false;
    }
    try {
      String pid = c.call("exec.start", "{\"session_id\":\"" + sid + "\",\"argv\":[\"true\"],\"stdin\":\"\"}")
          .get("process_id").asString();
      RawClient.await(c.proc(pid).exit, 30_000);
      return true;
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof RpcFailure f && f.code() == -32601) {
        execMissing = "exec.* is not registered by RexdServer in this build (exec.start: method not found):"
            + " figures 3, 4 and 5 are n/a";
        table.note(execMissing);
        return false;
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- 4. streaming

  private void streaming() throws Exception {
    section("4. streaming");
    long textBytes = (long) o.textMiB << 20;
    long randomBytes = (long) o.randomMiB << 20;
    Path text = textFile(work.resolve("text-64m.txt"), 64 << 20);
    Path random = randomFile(work.resolve("random.bin"), (int) Math.min(randomBytes, 256L << 20));
    List<String> textCmd = catCommand(text, textBytes, 64L << 20);
    List<String> randomCmd = catCommand(random, randomBytes, Files.size(random));
    long textCrc = crcOf(textCmd);
    long randomCrc = crcOf(randomCmd);
    // one untimed pass of the text file per client first, so that the harness JVM's compiler is
    // done with the client's decoding before the timed streams (a 1 GiB stream lasts seconds)
    List<String> warmCmd = catCommand(text, 64L << 20, 64L << 20);
    long warmCrc = crcOf(warmCmd);
    double pipeText = drain(textCmd, textBytes);
    double pipeRandom = drain(randomCmd, randomBytes);
    String scaled = o.textMiB == 1024 && o.randomMiB == 256 ? "" : " (scaled: " + o.textMiB + " MiB text, "
        + o.randomMiB + " MiB random)";
    eachTarget((transport, t) -> {
      RawClient c = t.client();
      String sid = c.openSession("bench-stream-probe");
      if (!execAvailable(c, sid)) {
        table.add(Table.row("4", "stdout MB/s, " + o.textMiB + " MiB text", transport, "n/a", "raw pipe (cat → Java)",
            mbps(pipeText), Double.NaN, "≥ 300 MB/s", false));
        table.add(Table.row("4", "stdout MB/s, " + o.randomMiB + " MiB random (base64)", transport, "n/a",
            "raw pipe (cat → Java)", mbps(pipeRandom), Double.NaN, "≥ 300 MB/s", false));
        return;
      }
      c.call("session.close", "{\"session_id\":\"" + sid + "\"}");
      stream(c, warmCmd, 64L << 20, warmCrc, "warm-up");
      double textRate = stream(c, textCmd, textBytes, textCrc, "text");
      double randomRate = stream(c, randomCmd, randomBytes, randomCrc, "random");
      streamRows(transport, scaled, textRate, pipeText, randomRate, pipeRandom);
    });
    for (String transport : List.of("in-process", "stdio")) {
      if (!o.transports.contains(transport) || execMissing != null) {
        continue;
      }
      try (Target t = target(transport)) {
        RexdClient client = t.rexdClient();
        streamInto(client, warmCmd, 64L << 20, warmCrc, "warm-up");
        double textRate = streamInto(client, textCmd, textBytes, textCrc, "text");
        double randomRate = streamInto(client, randomCmd, randomBytes, randomCrc, "random");
        streamRows(transport + " → rexd-client", scaled, textRate, pipeText, randomRate, pipeRandom);
      }
    }
  }

  private void streamRows(String transport, String scaled, double textRate, double pipeText, double randomRate,
      double pipeRandom) {
    table.add(Table.row("4", "stdout MB/s, " + o.textMiB + " MiB text" + scaled, transport, mbps(textRate),
        "raw pipe (cat → Java)", mbps(pipeText), textRate / pipeText, "≥ 300 MB/s", textRate >= 300 * MB));
    table.add(Table.row("4", "stdout MB/s, " + o.randomMiB + " MiB random (base64)" + scaled, transport,
        mbps(randomRate), "raw pipe (cat → Java)", mbps(pipeRandom), randomRate / pipeRandom, "≥ 300 MB/s",
        randomRate >= 300 * MB));
  }

  /**
   * One exec of {@code cmd} through rexd-client in a fresh session, every chunk to an
   * {@code onStdout} callback that counts and checksums it; bytes/s.
   */
  private double streamInto(RexdClient client, List<String> cmd, long expectBytes, long expectCrc, String what) {
    Proc p = new Proc("rexd-client");
    try (RexdSession s = client.openSession("bench-stream")) {
      long t0 = System.nanoTime();
      ExitStatus exit = s.exec(cmd).stdin("").maxOutputBytes(expectBytes + 1).timeout(Duration.ofMinutes(10))
          .onStdout(chunk -> p.accept(false, chunk.seq(), chunk.bytes())).start().waitFor();
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (p.stdoutBytes != expectBytes || p.crc() != expectCrc || p.seqErrors != 0
          || exit.bytesStdout() != expectBytes || !exit.isSuccess()) {
        table.note("streaming " + what + " into rexd-client: LOST OR ALTERED BYTES: got " + p.stdoutBytes + " of "
            + expectBytes + ", crc " + (p.crc() == expectCrc ? "ok" : "MISMATCH") + ", seq errors " + p.seqErrors
            + ", exit " + exit);
      }
      return expectBytes / seconds;
    }
  }

  /** One exec of {@code cmd} in a fresh session; every byte counted and checksummed; bytes/s. */
  private double stream(RawClient c, List<String> cmd, long expectBytes, long expectCrc, String what) {
    String sid = c.openSession("bench-stream");
    StringBuilder argv = new StringBuilder();
    for (String a : cmd) {
      argv.append(argv.length() == 0 ? "" : ",").append('"').append(a).append('"');
    }
    long t0 = System.nanoTime();
    String pid = c.call("exec.start", "{\"session_id\":\"" + sid + "\",\"argv\":[" + argv + "],\"stdin\":\"\","
        + "\"max_output_bytes\":" + (expectBytes + 1) + ",\"timeout_ms\":600000}").get("process_id").asString();
    Proc p = c.proc(pid);
    JsonNode exit = RawClient.await(p.exit, 600_000);
    double seconds = (System.nanoTime() - t0) / 1e9;
    c.forget(pid);
    c.call("session.close", "{\"session_id\":\"" + sid + "\"}");
    boolean ok = p.stdoutBytes == expectBytes && p.crc() == expectCrc && p.seqErrors == 0
        && exit.path("bytes_stdout").asLong() == expectBytes && exit.path("exit_code").asInt(-1) == 0;
    if (!ok) {
      table.note("streaming " + what + ": LOST OR ALTERED BYTES: got " + p.stdoutBytes + " of " + expectBytes
          + ", crc " + (p.crc() == expectCrc ? "ok" : "MISMATCH") + ", seq errors " + p.seqErrors + ", exit " + exit);
    }
    return expectBytes / seconds;
  }

  static List<String> catCommand(Path file, long total, long fileBytes) {
    List<String> cmd = new ArrayList<>();
    cmd.add("cat");
    for (long n = 0; n < total; n += fileBytes) {
      cmd.add(file.toString());
    }
    return cmd;
  }

  /** The raw pipe: {@code cmd}'s stdout drained by a Java reader with a 64 KiB buffer; bytes/s. */
  static double drain(List<String> cmd, long expect) throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long n = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = p.getInputStream()) {
      for (int r; (r = in.read(buf)) >= 0; ) {
        n += r;
      }
    }
    p.waitFor();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (n != expect) {
      throw new IllegalStateException("raw pipe read " + n + " of " + expect);
    }
    return n / seconds;
  }

  static long crcOf(List<String> cmd) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buf = new byte[1 << 20];
    for (String f : cmd.subList(1, cmd.size())) {
      try (InputStream in = Files.newInputStream(Path.of(f))) {
        for (int r; (r = in.read(buf)) >= 0; ) {
          crc.update(buf, 0, r);
        }
      }
    }
    return crc.getValue();
  }

  /** Build-log-like text: mostly ASCII, quotes, tabs and backslashes to escape, some multi-byte lines. */
  static Path textFile(Path f, int size) throws IOException {
    String[] lines = {
        "[INFO] Compiling 42 source files to /srv/app/target/classes with javac [debug release 17]\n",
        "2026-11-23T15:44:26.123Z DEBUG [main] dev.rexd.core.RexdServer - session \"sess_1\" opened\n",
        "\tat dev.rexd.core.rpc.Dispatcher.invoke(Dispatcher.java:171) C:\\path\\to\\file\n",
        "test ✓ grüße an alle — naïve café 日本語のテキスト 🚀 passed in 12 ms\n",
        "    src/main/java/dev/rexd/core/fs/FsService.java | 324 ++++++++++++++++++++++----\n",
    };
    byte[] out = new byte[size];
    int pos = 0;
    Random r = new Random(7);
    while (pos < size) {
      int pick = r.nextInt(10);   // 70% plain ASCII, 20% quotes/tabs/backslashes, 10% multi-byte
      byte[] l = lines[pick < 7 ? (pick % 2 == 0 ? 0 : 4) : pick < 9 ? 1 + (pick % 2) : 3]
          .getBytes(StandardCharsets.UTF_8);
      int n = Math.min(l.length, size - pos);
      System.arraycopy(l, 0, out, pos, n);
      pos += n;
    }
    // never end inside a multi-byte character: pad the tail with ASCII
    for (int i = Math.max(0, size - 8); i < size; i++) {
      out[i] = '\n';
    }
    Files.write(f, out);
    return f;
  }

  static Path randomFile(Path f, int size) throws IOException {
    byte[] out = new byte[size];
    new Random(11).nextBytes(out);
    Files.write(f, out);
    return f;
  }

  // ---------------------------------------------------------------- 5. concurrency

  private void concurrency() throws Exception {
    section("5. concurrency");
    eachTarget((transport, t) -> {
      RawClient c = t.client();
      String probe = c.openSession("bench-conc-probe");
      if (!execAvailable(c, probe)) {
        table.add(Table.row("5", o.sessions + " sessions × " + o.perSession + " processes, runs/s", transport,
            "n/a", "", "", Double.NaN, "nothing lost", false));
        return;
      }
      c.call("session.close", "{\"session_id\":\"" + probe + "\"}");
      ConcResult r = concurrent(c);
      table.add(Table.row("5", o.sessions + " sessions × " + o.perSession + " concurrent processes, runs/s",
          transport, String.format(Locale.ROOT, "%.0f runs/s", r.rate), "", r.runs + " runs of echo, "
          + r.lost + " lost", Double.NaN, "nothing lost", r.lost == 0));
      if (!r.problems.isEmpty()) {
        table.note("concurrency over " + transport + ": " + r.problems.size() + " problem(s), first: "
            + r.problems.peek());
      }
    });
  }

  record ConcResult(double rate, int runs, int lost, ConcurrentLinkedQueue<String> problems) {}

  private ConcResult concurrent(RawClient c) throws Exception {
    return concurrent(c, o.sessions, o.perSession, o.runsPerSession, o.concTimeoutSeconds);
  }

  /**
   * {@code sessions} sessions, each keeping {@code perSession} {@code echo} processes running until
   * {@code runsPerSession} have run; every exit code, byte and seq checked.
   */
  static ConcResult concurrent(RawClient c, int sessions, int perSession, int runsPerSession, long timeoutSeconds)
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      ids.add(c.openSession("bench-conc-" + s));
    }
    int total = sessions * runsPerSession;
    CountDownLatch done = new CountDownLatch(total);
    AtomicInteger verified = new AtomicInteger();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread th = new Thread(r, "bench-conc");
      th.setDaemon(true);
      return th;
    });
    long t0 = System.nanoTime();
    for (int s = 0; s < sessions; s++) {
      AtomicInteger next = new AtomicInteger();
      String sid = ids.get(s);
      int sessionNo = s;
      for (int k = 0; k < perSession; k++) {
        pool.execute(() -> runNext(c, sid, sessionNo, next, runsPerSession, pool, done, verified, problems));
      }
    }
    boolean finished = done.await(timeoutSeconds, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdownNow();
    if (!finished) {
      problems.add("not finished within " + timeoutSeconds + " s: " + done.getCount() + " runs outstanding");
    }
    for (String sid : ids) {
      c.call("session.close", "{\"session_id\":\"" + sid + "\"}");
    }
    return new ConcResult(verified.get() / seconds, total, total - verified.get(), problems);
  }

  private static void runNext(RawClient c, String sid, int sessionNo, AtomicInteger next, int runs,
      ExecutorService pool, CountDownLatch done, AtomicInteger verified, ConcurrentLinkedQueue<String> problems) {
    int n = next.getAndIncrement();
    if (n >= runs) {
      return;
    }
    String word = "run-" + sessionNo + "-" + n;
    String expect = word + "\n";
    c.callAsync("exec.start", "{\"session_id\":\"" + sid + "\",\"argv\":[\"echo\",\"" + word + "\"],\"stdin\":\"\"}")
        .thenCompose(r -> {
          String pid = r.get("process_id").asString();
          Proc p = c.proc(pid);
          return p.exit.thenApply(exit -> {
            c.forget(pid);
            boolean ok = exit.path("exit_code").asInt(-1) == 0
                && exit.path("bytes_stdout").asLong() == expect.length()
                && p.stdoutBytes == expect.length() && p.head().equals(expect) && p.seqErrors == 0;
            if (!ok) {
              problems.add(word + ": exit " + exit + ", received '" + p.head() + "'");
            }
            return ok;
          });
        })
        .whenCompleteAsync((ok, e) -> {
          if (e != null) {
            problems.add(word + ": " + e);
          } else if (ok) {
            verified.incrementAndGet();
          }
          done.countDown();
          runNext(c, sid, sessionNo, next, runs, pool, done, verified, problems);
        }, pool);
  }

  // ---------------------------------------------------------------- 6. memory

  private void memory() throws Exception {
    section("6. memory");
    try (Target t = target("stdio")) {
      RawClient c = t.client();
      c.openSession("bench-mem-0");
      Thread.sleep(o.settleMillis);
      long idle = rssKiB(t.serverPid());
      List<CompletableFuture<JsonNode>> opens = new ArrayList<>();
      for (int i = 1; i <= 256; i++) {
        opens.add(c.callAsync("session.open", "{\"client_name\":\"bench-mem-" + i + "\"}"));
      }
      for (CompletableFuture<JsonNode> f : opens) {
        RawClient.await(f, 60_000);
      }
      Thread.sleep(o.settleMillis);
      long with256 = rssKiB(t.serverPid());
      double perSessionKiB = (with256 - idle) / 256.0;
      table.add(Table.row("6", "RSS idle (1 session open)", "stdio server", String.format(Locale.ROOT, "%.1f MB",
          idle / 1024.0), "", "", Double.NaN, "≤ 64 MB", idle <= 64 * 1024));
      table.add(Table.row("6", "RSS with 256 more open sessions", "stdio server", String.format(Locale.ROOT,
          "%.1f MB (+%.1f KB/session)", with256 / 1024.0, perSessionKiB), "", "", Double.NaN, "≤ 100 KB/session",
          perSessionKiB <= 100));
    }
  }

  /** The 1-minute load average: other work on the machine inflates every figure. */
  static String loadAvg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  static long rssKiB(long pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  // ---------------------------------------------------------------- plumbing

  /** What a figure measures on one transport's fresh server. */
  @FunctionalInterface
  private interface OnTarget {
    void measure(String transport, Target t) throws Exception;
  }

  /** Runs {@code figure} on a fresh server of each chosen transport that this build serves. */
  private void eachTarget(OnTarget figure) throws Exception {
    for (String transport : o.transports) {
      Target target = isLocalTarget(transport) ? target(transport) : null;
      if (target != null) {
        try (Target t = target) {
          figure.measure(transport, t);
        }
      }
    }
  }

  private boolean isLocalTarget(String transport) {
    return transport.equals("in-process") || transport.equals("stdio") || transport.equals("websocket") && httpMissing == null;
  }

  /** Why there is no HTTP/WebSocket server in this build, once known. */
  private String httpMissing;

  /** The target for a transport, or null for websocket when this build's server has no HTTP side. */
  private Target target(String transport) {
    Map<String, String> env = o.serverOpts == null ? Map.of() : Map.of("REXD_JAVA_OPTS", o.serverOpts);
    return switch (transport) {
      case "in-process" -> Target.inProcess(root);
      case "stdio" -> Target.stdio(o.rexd, config, root, serverLog, env);
      case "websocket" -> {
        if (httpMissing != null) {
          yield null;
        }
        StringBuilder why = new StringBuilder();
        Target t = Target.websocket(o.rexd, config, root, serverLog, env, why);
        if (t == null) {
          httpMissing = why.toString();
          table.note("WebSocket and HTTP POST figures are n/a: " + httpMissing);
        }
        yield t;
      }
      default -> throw new IllegalArgumentException("unknown transport " + transport);
    };
  }

  @FunctionalInterface
  interface Sample {
    long nanos() throws Exception;
  }

  /**
   * Times {@code calls} calls of each sampler, after {@code warmup} untimed ones each. The samplers
   * take turns of {@code turn} calls, in the warm-up too, and who goes first rotates, so whatever
   * drifts during the run (JIT compilation, the machine's load) falls on each of them alike.
   */
  static Stats[] takeTurns(int calls, int warmup, int turn, List<Sample> samplers) throws Exception {
    int k = samplers.size();
    for (int done = 0; done < warmup; done += turn) {
      for (Sample s : samplers) {
        for (int i = 0; i < Math.min(turn, warmup - done); i++) {
          s.nanos();
        }
      }
    }
    long[][] nanos = new long[k][calls];
    for (int done = 0, round = 0; done < calls; done += turn, round++) {
      for (int j = 0; j < k; j++) {
        int s = (round + j) % k;
        for (int i = done; i < Math.min(done + turn, calls); i++) {
          nanos[s][i] = samplers.get(s).nanos();
        }
      }
    }
    Stats[] stats = new Stats[k];
    for (int s = 0; s < k; s++) {
      stats[s] = Stats.of(nanos[s]);
    }
    return stats;
  }

  static Stats sample(int n, int warmup, Sample s) throws Exception {
    for (int i = 0; i < warmup; i++) {
      s.nanos();
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = s.nanos();
    }
    return Stats.of(out);
  }

  /** What {@code bin/rexd} will run: {@code REXD_LAUNCH_INFO=1} makes it print that and exit. */
  private static Map<String, String> launcherInfo(Path rexd, String serverOpts) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(rexd.toString(), "--stdio").redirectErrorStream(true);
    pb.environment().put("REXD_LAUNCH_INFO", "1");
    if (serverOpts != null) {
      pb.environment().put("REXD_JAVA_OPTS", serverOpts);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    Map<String, String> info = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("rexd-launch-flags: ")) {
        info.put("flags", line.substring(19).trim());
      } else if (line.startsWith("rexd-launch: ")) {
        for (String kv : line.substring(13).split(" ")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            info.put(kv.substring(0, eq), kv.substring(eq + 1));
          }
        }
      }
    }
    return info;
  }

  private void cleanUp() throws IOException {
    if (o.keep) {
      return;
    }
    try (Stream<Path> s = Files.walk(work)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static void section(String s) {
    progress(s + " ...");
  }

  static void progress(String s) {
    System.err.println("rexd-bench: " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + s);
  }

  static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  static String us(double nanos) {
    return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
  }

  static String mbps(double bytesPerSecond) {
    return String.format(Locale.ROOT, "%.0f MB/s", bytesPerSecond / MB);
  }

  /** Command-line options; defaults are the full run. */
  static final class Options {
    Path repoDir;
    Path rexd;
    Set<String> only = new LinkedHashSet<>(List.of("cold", "startup", "stat", "exec", "stream", "conc", "mem"));
    List<String> transports = new ArrayList<>(List.of("in-process", "stdio", "websocket"));
    int coldRuns = 20;
    int profileRuns = 5;
    int statCalls = 5000;
    /**
     * Untimed {@code fs.stat} calls (and echoes) before the timed ones: a fresh {@code --http}
     * server reaches its steady state over /ws only after about 10,000 calls.
     */
    int statWarmUp = 15_000;
    int execRuns = 200;
    /** Execs of {@code true} each fresh server runs before the side-by-side run times its execs. */
    int execWarmUp = 200;
    int textMiB = 1024;
    int randomMiB = 256;
    int sessions = 64;
    int perSession = 16;
    int runsPerSession = 32;
    long concTimeoutSeconds = 120;
    long settleMillis = 1000;
    boolean keep;
    boolean quick;
    String serverOpts;
    Path peer;
    int peerRounds = 3;
    int peerStreamMiB = 512;
    boolean help;
    boolean fanOut;
    boolean sandbox;
    int hosts = 32;
    int sessionsPerHost = 4;
    int commands = 10_000;
    int inFlightPerSession = 4;

    boolean on(String section) {
      return only.contains(section);
    }

    static Options parse(String[] args) {
      Options o = new Options();
      for (String a : args) {
        String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : "";
        if (a.equals("--help") || a.equals("-h")) {
          o.help = true;
        } else if (a.equals("--quick")) {
          o.quick = true;
          o.coldRuns = 5;
          o.profileRuns = 2;
          o.statCalls = 1000;
          o.statWarmUp = 500;
          o.execRuns = 50;
          o.execWarmUp = 50;
          o.textMiB = 128;
          o.randomMiB = 32;
          o.runsPerSession = 4;
          o.peerStreamMiB = 64;
        } else if (a.equals("--sandbox")) {
          o.sandbox = true;
        } else if (a.equals("--fan-out")) {
          o.fanOut = true;
        } else if (a.startsWith("--hosts=")) {
          o.hosts = Integer.parseInt(v);
        } else if (a.startsWith("--sessions-per-host=")) {
          o.sessionsPerHost = Integer.parseInt(v);
        } else if (a.startsWith("--commands=")) {
          o.commands = Integer.parseInt(v);
        } else if (a.startsWith("--in-flight=")) {
          o.inFlightPerSession = Integer.parseInt(v);
        } else if (a.startsWith("--peer=")) {
          o.peer = Path.of(v).toAbsolutePath();
        } else if (a.startsWith("--peer-rounds=")) {
          o.peerRounds = Integer.parseInt(v);
        } else if (a.startsWith("--peer-stream-mib=")) {
          o.peerStreamMiB = Integer.parseInt(v);
        } else if (a.startsWith("--only=")) {
          o.only = new LinkedHashSet<>(List.of(v.split(",")));
        } else if (a.startsWith("--transports=")) {
          o.transports = new ArrayList<>(List.of(v.split(",")));
        } else if (a.startsWith("--text-mib=")) {
          o.textMiB = Integer.parseInt(v);
        } else if (a.startsWith("--random-mib=")) {
          o.randomMiB = Integer.parseInt(v);
        } else if (a.startsWith("--cold-runs=")) {
          o.coldRuns = Integer.parseInt(v);
        } else if (a.startsWith("--stat-calls=")) {
          o.statCalls = Integer.parseInt(v);
        } else if (a.startsWith("--stat-warm-up=")) {
          o.statWarmUp = Integer.parseInt(v);
        } else if (a.startsWith("--exec-runs=")) {
          o.execRuns = Integer.parseInt(v);
        } else if (a.startsWith("--exec-warm-up=")) {
          o.execWarmUp = Integer.parseInt(v);
        } else if (a.startsWith("--runs-per-session=")) {
          o.runsPerSession = Integer.parseInt(v);
        } else if (a.startsWith("--repo=")) {
          o.repoDir = Path.of(v);
        } else if (a.startsWith("--server-opts=")) {
          o.serverOpts = v;
        } else if (a.equals("--keep")) {
          o.keep = true;
        } else {
          throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (o.execWarmUp < 0) {
        throw new IllegalArgumentException("--exec-warm-up must be 0 or more");
      }
      if (o.statWarmUp < 0) {
        throw new IllegalArgumentException("--stat-warm-up must be 0 or more");
      }
      if (o.repoDir == null) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isExecutable(p.resolve("bin/rexd"))) {
          p = p.getParent();
        }
        if (p == null) {
          throw new IllegalStateException("bin/rexd not found above the current directory; pass --repo=DIR");
        }
        o.repoDir = p;
      }
      o.rexd = o.repoDir.resolve("bin/rexd");
      return o;
    }
  }

  /** The lines above the table: the machine, the JDKs, the command. */
  static final class PrintHeader {
    static void print(java.io.PrintStream out, Options o, Map<String, String> launcher, String loadBefore,
        String loadAfter) {
      out.println();
      out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + ", "
          + memTotal() + "; " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
      out.println("Harness JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
          + "; bin/rexd runs " + launcher.getOrDefault("java", "?") + " (JDK " + launcher.getOrDefault("version", "?")
          + ") with " + launcher.getOrDefault("archive", "no archive"));
      out.println("Run: " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19)
          + (o.quick ? " (--quick)" : "") + (o.serverOpts == null ? "" : ", REXD_JAVA_OPTS=" + o.serverOpts)
          + "; load average (1 min) " + loadBefore + " before, " + loadAfter + " after");
      out.println();
    }

    private static String cpuModel() {
      try {
        for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
          if (l.startsWith("model name")) {
            return l.substring(l.indexOf(':') + 1).trim();
          }
        }
      } catch (IOException | UncheckedIOException ignored) {
        // not Linux
      }
      return "unknown CPU";
    }

    private static String memTotal() {
      try {
        for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
          if (l.startsWith("MemTotal:")) {
            return String.format(Locale.ROOT, "%.0f GiB RAM", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0);
          }
        }
      } catch (IOException | UncheckedIOException ignored) {
        // not Linux
      }
      return "unknown RAM";
    }
  }

}
