package dev.rexd.core.metrics;

import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.rpc.CallListener;
import dev.rexd.core.rpc.CallOutcome;
import dev.rexd.core.session.Session;
import dev.rexd.core.session.SessionManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What {@code GET /metrics} shows (Prometheus text): open sessions, running processes and
 * terminals, output bytes streamed, calls and errors by method, approval waits and the pending
 * count, JVM memory. Method tags are limited to the server's own method names ({@code other} for
 * the rest), so a client cannot grow the series without bound.
 *
 * <p>Counting starts with {@link #start()} (which {@code RexdServer.metrics()} calls, and so does
 * mounting {@code /metrics}): a server nobody asks for metrics, such as a stdio server, neither
 * loads the metrics library nor counts its calls.
 *
 * <pre>{@code
 * String text = server.metrics().scrape();   // "# HELP rexd_sessions ..."
 * }</pre>
 */
public final class ServerMetrics implements CallListener {
  private final SessionManager sessions;
  private final Set<String> knownMethods;
  private final IntSupplier pendingApprovals;
  private volatile @Nullable Meters meters;

  /**
   * @param knownMethods the method names that get a tag of their own
   * @param pendingApprovals how many approvals wait now
   */
  public ServerMetrics(SessionManager sessions, Set<String> knownMethods, IntSupplier pendingApprovals) {
    this.sessions = sessions;
    this.knownMethods = Set.copyOf(knownMethods);
    this.pendingApprovals = pendingApprovals;
  }

  /** Starts counting, once; returns this. */
  public ServerMetrics start() {
    if (meters == null) {
      synchronized (this) {
        if (meters == null) {
          meters = new Meters(sessions, pendingApprovals);
        }
      }
    }
    return this;
  }

  /** The metrics in Prometheus text format 0.0.4 (counting from now if it had not started). */
  public String scrape() {
    Meters m = meters;
    return (m == null ? start().meters : m).registry.scrape();
  }

  /** The content type of {@link #scrape()}. */
  public static String contentType() {
    return "text/plain; version=0.0.4; charset=utf-8";
  }

  /** Counts the encoded bytes of one output event. */
  public void outputPublished(int frameBytes) {
    Meters m = meters;
    if (m != null) {
      m.outputBytes.increment(frameBytes);
    }
  }

  /** Records how long one approval waited. */
  public void approvalWaited(long nanos) {
    Meters m = meters;
    if (m != null) {
      m.approvalWaits.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void called(Principal principal, String method, @Nullable JsonNode params, CallOutcome outcome,
      long elapsedNanos) {
    Meters m = meters;
    if (m == null) {
      return;
    }
    String tag = knownMethods.contains(method) ? method : "other";
    m.calls.computeIfAbsent(tag, t -> m.registry.counter("rexd.calls", "method", t)).increment();
    var error = outcome.error();
    if (error != null) {
      m.registry.counter("rexd.call.errors", "method", tag, "code", Integer.toString(error.code())).increment();
    }
  }

  /** The registry and the meters found once; the only holder of the metrics library's types. */
  private static final class Meters {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Counter outputBytes;
    final Timer approvalWaits;
    /** The calls counter of each method tag, found once instead of by its tags on every call. */
    final Map<String, Counter> calls = new ConcurrentHashMap<>();

    Meters(SessionManager sessions, IntSupplier pendingApprovals) {
      Gauge.builder("rexd.sessions", sessions, s -> s.all().size()).description("open sessions").register(registry);
      Gauge.builder("rexd.processes", sessions, s -> sum(s, ServerMetrics::runningProcesses))
          .description("running processes (exec)").register(registry);
      Gauge.builder("rexd.terminals", sessions, s -> sum(s, ServerMetrics::runningTerminals))
          .description("running terminals (pty)").register(registry);
      Gauge.builder("rexd.approvals.pending", pendingApprovals::getAsInt)
          .description("approvals waiting for a decision").register(registry);
      outputBytes = Counter.builder("rexd.output.bytes").baseUnit("bytes")
          .description("output event bytes streamed to connections").register(registry);
      approvalWaits = Timer.builder("rexd.approval.wait").description("how long approvals waited for a decision")
          .register(registry);
      new JvmMemoryMetrics().bindTo(registry);
    }
  }

  private static double sum(SessionManager sessions, ToIntFunction<Session> f) {
    return sessions.all().stream().mapToInt(f).sum();
  }

  private static int runningProcesses(Session s) {
    return (int) s.processes().stream().filter(p -> p.status() == ProcessStatus.RUNNING).count();
  }

  private static int runningTerminals(Session s) {
    return (int) s.ptys().stream().filter(p -> p.status() == ProcessStatus.RUNNING).count();
  }
}
