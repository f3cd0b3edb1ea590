package dev.rexd.bench.e2e;

import dev.rexd.bench.e2e.RawClient.Proc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/rexd-bench --peer PATH}: rexd-java and another REXD stdio server (the Go original,
 * built by {@code rexd-bench/peers/go-rexd.sh}) measured side by side through the same client, on
 * the same config and root, in alternating rounds so that a change in the machine's load touches
 * both. One table: each figure for ours, for the peer, their ratio (ours / peer) and the target.
 *
 * <p>Figures: cold start to the first {@code session.open} answer; idle RSS after one session
 * open; {@code fs.stat} and {@code exec true} p50 / p99 after a warm-up per fresh server (with a
 * bare spawn+wait of {@code true} from this JVM beside them), and the p50 of each fresh server's
 * first {@value Harness#FIRST_CALLS} calls, before its JIT compiler has caught up; a stream of
 * 1000-byte lines, timed after an untimed 64 MiB one (bytes delivered of those written, MB/s, peak
 * server RSS over idle); 64 sessions × 16 processes (runs/s, runs lost). An exit event the peer
 * never sends is noted, never waited for.
 *
 * <pre>{@code
 * bin/rexd-bench --peer target/peers/go-rexd
 * bin/rexd-bench --peer target/peers/go-rexd --quick
 * }</pre>
 */
final class SideBySide {
  private static final double MB = 1e6;
  private static final long SILENCE_SECONDS = 10;
  /** How long an exec of {@code true} may take before its exit counts as lost. */
  private static final long LOST_EXIT_SECONDS = 10;
  /** Copies of the 16 MiB file streamed untimed before the timed stream. */
  private static final int WARM_UP_COPIES = 4;
  private static final String OPEN = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\","
      + "\"params\":{\"client_name\":\"bench\"}}\n";

  private final Harness.Options o;
  private final Path work;
  private final Path root;
  private final Path config;
  private final Path serverLog;
  private final List<Path> servers;
  private final Table table = new Table();

  SideBySide(Harness.Options o, Path work, Path root, Path config, Path serverLog) {
    this.o = o;
    this.work = work;
    this.root = root;
    this.config = config;
    this.serverLog = serverLog;
    this.servers = List.of(o.rexd, o.peer);
  }

  Table run() throws Exception {
    Harness.progress("side by side: rexd-java (" + o.rexd + ") and peer (" + o.peer + "), " + o.peerRounds
        + " alternating rounds");
    coldStartAndIdleMemory();
    smallCalls();
    exec();
    stream();
    concurrency();
    return table;
  }

  private String peerName() {
    return "peer " + o.peer.getFileName();
  }

  private void row(String figure, String ours, String peer, double ratio, String target, Boolean met) {
    table.add(Table.row("P", figure, "stdio", ours, peerName(), peer, ratio, target, met));
  }

  // ---------------------------------------------------------------- start and idle memory

  private void coldStartAndIdleMemory() throws Exception {
    Harness.section("P1. cold start and idle RSS");
    long[][] starts = new long[2][o.coldRuns];
    for (int i = 0; i < o.coldRuns; i++) {
      for (int k = 0; k < 2; k++) {
        int s = (i + k) % 2;   // alternate which server goes first
        starts[s][i] = startAndAnswer(servers.get(s));
      }
    }
    Stats ours = Stats.of(starts[0]);
    Stats peer = Stats.of(starts[1]);
    row("cold start to first session.open answer, median (min)", Harness.ms(ours.p50()) + " (" + Harness.ms(ours.min())
        + ")", Harness.ms(peer.p50()) + " (" + Harness.ms(peer.min()) + ")", ours.p50() / peer.p50(), "", null);

    long[] idle = new long[2];
    for (int s = 0; s < 2; s++) {
      try (Target t = target(s)) {
        t.client().openSession("bench-idle");
        Thread.sleep(o.settleMillis);
        idle[s] = Harness.rssKiB(t.serverPid());
      }
    }
    row("RSS after one session.open", mib(idle[0]), mib(idle[1]), (double) idle[0] / idle[1], "", null);
  }

  /** Spawns the server, writes session.open, and times the first answer line. */
  private long startAndAnswer(Path server) throws Exception {
    return Harness.startAndAnswer(List.of(server.toString(), "--stdio", "--config", config.toString()), OPEN,
        Map.of(), root, serverLog);
  }

  // ---------------------------------------------------------------- fs.stat and exec

  private void smallCalls() throws Exception {
    Harness.section("P2. fs.stat round trip");
    Rounds rounds = alternate(o.statCalls, o.statCalls / 2, (c, sid, server) -> {
      String params = "{\"session_id\":\"" + sid + "\",\"path\":\"README.md\"}";
      if (!c.call("fs.stat", params).path("exists").asBoolean()) {
        throw new IllegalStateException("fs.stat README.md found nothing");
      }
      return () -> {
        long t0 = System.nanoTime();
        c.call("fs.stat", params);
        return System.nanoTime() - t0;
      };
    });
    latencyRows("fs.stat", rounds.warm(), "≤ 1.0×");
    firstCallsRow("fs.stat", rounds.first());
  }

  private void exec() throws Exception {
    Harness.section("P3. exec round trip");
    long[] lostExits = new long[2];
    Rounds rounds = alternate(o.execRuns, o.execWarmUp, (c, sid, server) -> {
      String params = "{\"session_id\":\"" + sid + "\",\"argv\":[\"true\"],\"stdin\":\"\"}";
      return () -> {
        while (true) {
          long t0 = System.nanoTime();
          String pid = c.call("exec.start", params).get("process_id").asString();
          try {
            c.proc(pid).exit.get(LOST_EXIT_SECONDS, TimeUnit.SECONDS);
            return System.nanoTime() - t0;
          } catch (TimeoutException e) {
            lostExits[server]++;   // the server never sent it: timed again with a new exec
          } finally {
            c.forget(pid);
          }
        }
      };
    });
    for (int s = 0; s < 2; s++) {
      if (lostExits[s] > 0) {
        table.note((s == 0 ? "rexd-java" : peerName()) + ": " + lostExits[s] + " exec.exit event(s) of true never came"
            + " (none within " + LOST_EXIT_SECONDS + " s); each such exec was run and timed again");
      }
    }
    Stats[] stats = rounds.warm();
    latencyRows("exec.start → exec.exit of true", stats, "p50 ≤ 1.0×");
    firstCallsRow("exec.start → exec.exit of true", rounds.first());
    Stats bare = Harness.sample(o.execRuns, o.execRuns / 5, () -> Harness.spawnWait(List.of("true")));
    table.add(Table.row("P", "exec true p50, over a bare spawn+wait of true from this JVM", "stdio",
        Harness.us(stats[0].p50()), "ProcessBuilder spawn+wait p50", Harness.us(bare.p50()),
        stats[0].p50() / bare.p50(), "", null));
  }

  private void latencyRows(String what, Stats[] s, String target) {
    row(what + " p50", Harness.us(s[0].p50()), Harness.us(s[1].p50()), s[0].p50() / s[1].p50(), target,
        s[0].p50() <= s[1].p50());
    row(what + " p99", Harness.us(s[0].p99()), Harness.us(s[1].p99()), s[0].p99() / s[1].p99(),
        target.startsWith("p50") ? "" : target, target.startsWith("p50") ? null : s[0].p99() <= s[1].p99());
  }

  private void firstCallsRow(String what, Stats[] s) {
    int calls = s[0].n() / o.peerRounds;
    if (calls > 0) {
      row(what + " p50, a fresh server's first " + calls + " calls", Harness.us(s[0].p50()),
          Harness.us(s[1].p50()), s[0].p50() / s[1].p50(), "", null);
    }
  }

  /** Makes the sampler for a connected client and its session on server 0 (ours) or 1 (the peer). */
  @FunctionalInterface
  private interface SamplerFactory {
    Harness.Sample make(RawClient c, String sessionId, int server) throws Exception;
  }

  /**
   * Per server, index 0 ours and 1 the peer's: the first {@link Harness#FIRST_CALLS} calls of
   * each fresh server, and the calls timed after its warm-up.
   */
  private record Rounds(Stats[] first, Stats[] warm) {}

  /**
   * Runs {@code o.peerRounds} rounds; in each, both servers (in alternating order) get a fresh
   * process and {@code warmup} calls, of which the first {@link Harness#FIRST_CALLS} are timed on
   * their own, then {@code n / rounds} timed calls.
   */
  private Rounds alternate(int n, int warmup, SamplerFactory factory) throws Exception {
    int per = Math.max(1, n / o.peerRounds);
    int first = Math.min(Harness.FIRST_CALLS, warmup);
    long[][] firstAll = new long[2][first * o.peerRounds];
    long[][] all = new long[2][per * o.peerRounds];
    for (int round = 0; round < o.peerRounds; round++) {
      for (int k = 0; k < 2; k++) {
        int s = (round + k) % 2;
        try (Target t = target(s)) {
          RawClient c = t.client();
          Harness.Sample sample = factory.make(c, c.openSession("bench"), s);
          Stats early = Harness.sample(first, 0, sample);
          Stats st = Harness.sample(per, warmup - first, sample);
          System.arraycopy(early.sorted(), 0, firstAll[s], round * first, first);
          System.arraycopy(st.sorted(), 0, all[s], round * per, per);
        }
      }
    }
    return new Rounds(new Stats[] {Stats.of(firstAll[0]), Stats.of(firstAll[1])},
        new Stats[] {Stats.of(all[0]), Stats.of(all[1])});
  }

  // ---------------------------------------------------------------- streaming

  private void stream() throws Exception {
    Harness.section("P4. streaming 1000-byte lines");
    Path file = linesFile(work.resolve("lines-1000.txt"), 16 << 20);
    List<String> cmd = Harness.catCommand(file, (long) o.peerStreamMiB << 20, Files.size(file));
    long total = (cmd.size() - 1) * Files.size(file);   // what cat writes: whole copies of the file
    List<String> warmCmd = Harness.catCommand(file, WARM_UP_COPIES * Files.size(file), Files.size(file));
    double[] rate = new double[2];
    double[] delivered = new double[2];
    long[] peakOverIdle = new long[2];
    for (int s = 0; s < 2; s++) {
      try (Target t = target(s)) {
        RawClient c = t.client();
        String sid = c.openSession("bench-stream");
        Thread.sleep(o.settleMillis);
        long idle = Harness.rssKiB(t.serverPid());
        AtomicLong peak = new AtomicLong(idle);
        Thread sampler = rssSampler(t.serverPid(), peak);
        Proc warm = streamOnce(c, sid, warmCmd, WARM_UP_COPIES * Files.size(file));   // untimed: JIT warm-up
        awaitExitOrSilence(c, warm);
        awaitQuiet(c);
        c.forget(warm.id);
        long t0 = System.nanoTime();
        Proc p = streamOnce(c, sid, cmd, total);
        long end = awaitExitOrSilence(c, p);
        double seconds = (end - t0) / 1e9;
        if (!p.exit.isDone()) {
          table.note((s == 0 ? "rexd-java" : peerName()) + ": no exec.exit for the stream; its output stopped "
              + SILENCE_SECONDS + " s before the run gave up waiting (timed to the last frame)");
        }
        awaitQuiet(c);
        sampler.interrupt();
        sampler.join();
        rate[s] = p.stdoutBytes / seconds;
        delivered[s] = 100.0 * p.stdoutBytes / total;
        peakOverIdle[s] = peak.get() - idle;
        if (p.seqErrors != 0) {
          table.note((s == 0 ? "rexd-java" : peerName()) + ": " + p.seqErrors + " seq gaps while streaming");
        }
      }
    }
    String what = o.peerStreamMiB + " MiB of 1000-byte lines";
    row(what + ": bytes delivered", pct(delivered[0]), pct(delivered[1]), Double.NaN, "100%",
        delivered[0] == 100.0);
    row(what + ": MB/s delivered", Harness.mbps(rate[0]), Harness.mbps(rate[1]), rate[0] / rate[1], "≥ 300 MB/s",
        rate[0] >= 300 * MB);
    row(what + ": peak server RSS over idle", mib(peakOverIdle[0]), mib(peakOverIdle[1]), Double.NaN, "≤ 64 MB",
        peakOverIdle[0] <= 64 * 1024);
  }

  /** Starts {@code cmd} with room for {@code bytes} of output. */
  private Proc streamOnce(RawClient c, String sid, List<String> cmd, long bytes) throws Exception {
    String pid = c.call("exec.start", "{\"session_id\":\"" + sid + "\",\"argv\":" + jsonArray(cmd)
        + ",\"stdin\":\"\",\"max_output_bytes\":" + (bytes + 1) + ",\"timeout_ms\":600000}")
        .get("process_id").asString();
    return c.proc(pid);
  }

  /**
   * Waits for the stream's exec.exit; returns when it arrived, or, if no frame comes for
   * the {@value #SILENCE_SECONDS} s before it does (a server that loses the event), when the
   * last frame did.
   */
  private static long awaitExitOrSilence(RawClient c, Proc p) throws Exception {
    while (true) {
      try {
        p.exit.get(1, TimeUnit.SECONDS);
        return System.nanoTime();
      } catch (TimeoutException e) {
        long last = c.lastFrameNanos();
        if (System.nanoTime() - last > TimeUnit.SECONDS.toNanos(SILENCE_SECONDS)) {
          return last;
        }
      }
    }
  }

  /**
   * After exec.exit, waits until no frame has come for 300 ms: a peer may send output after the
   * exit, which then counts as delivered (the rate is taken at the exit).
   */
  private static void awaitQuiet(RawClient c) throws InterruptedException {
    long seen = -1;
    while (seen != c.framesIn()) {
      seen = c.framesIn();
      Thread.sleep(300);
    }
  }

  private static Thread rssSampler(long pid, AtomicLong peak) {
    Thread t = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          peak.accumulateAndGet(Harness.rssKiB(pid), Math::max);
          Thread.sleep(20);
        }
      } catch (InterruptedException | IOException | RuntimeException done) {
        // interrupted at the end of the stream, or the server is gone
      }
    }, "bench-rss");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Lines of exactly 1000 bytes (999 printable ASCII characters and a newline). */
  private static Path linesFile(Path f, int size) throws IOException {
    byte[] out = new byte[size - size % 1000];
    for (int pos = 0; pos < out.length; pos += 1000) {
      for (int i = 0; i < 999; i++) {
        out[pos + i] = (byte) ('a' + (pos / 1000 + i) % 26);
      }
      out[pos + 999] = '\n';
    }
    Files.write(f, out);
    return f;
  }

  // ---------------------------------------------------------------- concurrency

  private void concurrency() throws Exception {
    Harness.section("P5. concurrency");
    String[] runs = new String[2];
    int[] lost = new int[2];
    double[] rate = new double[2];
    for (int s = 0; s < 2; s++) {
      try (Target t = target(s)) {
        Harness.ConcResult r = Harness.concurrent(t.client(), o.sessions, o.perSession, o.runsPerSession,
            o.concTimeoutSeconds);
        rate[s] = r.rate();
        lost[s] = r.lost();
        runs[s] = String.format(Locale.ROOT, "%.0f runs/s, %d of %d lost", r.rate(), r.lost(), r.runs());
        if (!r.problems().isEmpty()) {
          table.note((s == 0 ? "rexd-java" : peerName()) + " concurrency: " + r.problems().size()
              + " problem(s), first: " + r.problems().peek());
        }
      } catch (RuntimeException e) {
        runs[s] = "failed: " + e.getMessage();
        lost[s] = -1;
      }
    }
    row(o.sessions + " sessions × " + o.perSession + " processes of echo", runs[0], runs[1],
        rate[1] > 0 ? rate[0] / rate[1] : Double.NaN, "nothing lost", lost[0] == 0);
  }

  // ---------------------------------------------------------------- plumbing

  private Target target(int server) {
    return Target.stdio(servers.get(server), config, root, serverLog, Map.of());
  }

  private static String jsonArray(List<String> items) {
    StringBuilder b = new StringBuilder("[");
    for (String s : items) {
      b.append(b.length() == 1 ? "" : ",").append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return b.append(']').toString();
  }

  private static String mib(long kib) {
    return String.format(Locale.ROOT, "%.1f MB", kib / 1024.0);
  }

  private static String pct(double p) {
    return String.format(Locale.ROOT, "%.0f%%", p);
  }
}
