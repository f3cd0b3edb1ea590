package dev.rexd.bench.e2e;

import dev.rexd.client.ExecResult;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fan-out figure: one JVM drives many hosts at once, each through its own {@link RexdClient}.
 * Every host is a {@code bin/rexd --stdio} child standing in for a remote machine (an {@code ssh}
 * or {@code kubectl exec -i} target runs the same command on the far side); each gets
 * {@code sessions} sessions, and the commands ({@code echo} of a word unique to the run, so every
 * output is checked) are spread over all of them with a bounded number in flight per session.
 *
 * <p>Prints commands/s, the client JVM's heap and threads per host, and how many outputs were lost
 * or wrong.
 *
 * <pre>{@code
 * bin/rexd-bench --fan-out                       # 32 hosts x 4 sessions, 10,000 commands
 * bin/rexd-bench --fan-out --hosts=8 --commands=2000
 * }</pre>
 */
final class FanOut {
  private final Harness.Options o;
  private final Path config;
  private final Path root;
  private final Path serverLog;
  private final Table table = new Table();

  FanOut(Harness.Options o, Path config, Path root, Path serverLog) {
    this.o = o;
    this.config = config;
    this.root = root;
    this.serverLog = serverLog;
  }

  Table run() throws Exception {
    Harness.section("F. fan-out: " + o.hosts + " hosts × " + o.sessionsPerHost + " sessions, " + o.commands
        + " commands");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    int threadsBefore = Thread.activeCount();
    long heapBefore = usedHeapAfterGc(memory);
    List<RexdClient> clients = new ArrayList<>();
    List<RexdSession> sessions = new ArrayList<>();
    long connectStart = System.nanoTime();
    try {
      for (int h = 0; h < o.hosts; h++) {
        RexdClient client = RexdClient.builder()
            .spawn(List.of("/bin/sh", "-c", "exec \"$0\" --stdio --config \"$1\" 2>>\"$2\"", o.rexd.toString(),
                config.toString(), serverLog.toString()))
            .build();
        clients.add(client);
      }
      for (RexdClient client : clients) {
        for (int s = 0; s < o.sessionsPerHost; s++) {
          sessions.add(client.openSession("bench-fan-out-" + s, root.toString()));
        }
      }
      double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
      Harness.progress(String.format(Locale.ROOT, "%d hosts up, %d sessions open in %.1f s", o.hosts,
          sessions.size(), connectSeconds));
      int threadsConnected = Thread.activeCount();
      long heapConnected = usedHeapAfterGc(memory);

      Result r = drive(sessions);
      long heapAfter = usedHeapAfterGc(memory);

      String where = o.hosts + " × bin/rexd --stdio";
      table.add(Table.row("F", "fan-out: " + o.commands + " echo commands over " + sessions.size() + " sessions",
          where, String.format(Locale.ROOT, "%.0f commands/s", r.rate()), "", r.ok() + " verified, " + r.lost()
          + " lost or wrong", Double.NaN, "nothing lost", r.lost() == 0));
      table.add(Table.row("F", "client heap per host (after GC, connected / after the run)", where,
          String.format(Locale.ROOT, "%.0f KB / %.0f KB", (heapConnected - heapBefore) / 1024.0 / o.hosts,
              (heapAfter - heapBefore) / 1024.0 / o.hosts), "", "", Double.NaN, "", null));
      table.add(Table.row("F", "client threads per host", where, String.format(Locale.ROOT, "%.1f",
          (threadsConnected - threadsBefore) / (double) o.hosts), "", "", Double.NaN, "", null));
      if (!r.problems().isEmpty()) {
        table.note("fan-out: " + r.problems().size() + " problem(s), first: " + r.problems().peek());
      }
    } finally {
      sessions.forEach(RexdSession::close);
      clients.forEach(RexdClient::close);
    }
    return table;
  }

  private record Result(double rate, int ok, int lost, ConcurrentLinkedQueue<String> problems) {}

  /** Every command through {@code runAsync}, at most {@code inFlightPerSession} at a time per session. */
  private Result drive(List<RexdSession> sessions) throws Exception {
    List<Semaphore> slots = new ArrayList<>();
    sessions.forEach(s -> slots.add(new Semaphore(o.inFlightPerSession)));
    AtomicInteger ok = new AtomicInteger();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<Void>> all = new ArrayList<>(o.commands);
    long t0 = System.nanoTime();
    for (int i = 0; i < o.commands; i++) {
      int k = i % sessions.size();
      Semaphore slot = slots.get(k);
      slot.acquire();
      String word = "fan-" + i;
      all.add(sessions.get(k).exec("echo", word).stdin("").runAsync()
          .handle((ExecResult res, Throwable e) -> {
            slot.release();
            if (e != null) {
              problems.add(word + ": " + e);
            } else if (!res.isSuccess() || !res.stdout().equals(word + "\n")) {
              problems.add(word + ": exit " + res.exitCode() + ", stdout '" + res.stdout() + "'");
            } else {
              ok.incrementAndGet();
            }
            return null;
          }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(o.concTimeoutSeconds * 4, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Result(ok.get() / seconds, ok.get(), o.commands - ok.get(), problems);
  }

  private static long usedHeapAfterGc(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
