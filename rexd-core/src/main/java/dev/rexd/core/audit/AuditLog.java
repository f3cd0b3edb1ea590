package dev.rexd.core.audit;

import dev.rexd.api.RexdEvent;
import dev.rexd.api.RexdEvents;
import dev.rexd.api.json.RexdJson;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.rpc.CallListener;
import dev.rexd.core.rpc.CallOutcome;
import dev.rexd.core.session.Session;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds one {@link AuditRecord} per call and hands it to the sink. A failing sink is reported on
 * the log (once until it works again) and never fails the call.
 *
 * <pre>{@code
 * AuditLog log = new AuditLog(AuditSink.jsonLines(path), sessions::find);
 * log.called(principal, "fs.read", params, outcome, elapsedNanos);
 * }</pre>
 */
public final class AuditLog implements CallListener {
  private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

  private final AuditSink sink;
  private final Function<String, @Nullable Session> sessions;
  private final AtomicBoolean failing = new AtomicBoolean();

  public AuditLog(AuditSink sink, Function<String, @Nullable Session> sessions) {
    this.sink = sink;
    this.sessions = sessions;
  }

  /**
   * Records how a process or terminal ended ({@code exec.exit} / {@code pty.exit}), with its exit
   * code; other events are ignored. Use as the sessions' {@link dev.rexd.core.session.SessionObserver}.
   */
  public void published(Session session, RexdEvent<?> event, Object params) {
    if (sink == NoAuditSink.INSTANCE || event != RexdEvents.EXEC_EXIT && event != RexdEvents.PTY_EXIT) {
      return;
    }
    JsonNode p = RexdJson.mapper().valueToTree(params);
    JsonNode code = p.get("exit_code");
    ObjectNode summary = JsonNodeFactory.instance.objectNode();
    for (String field : new String[] {"process_id", "pty_id", "signal", "timed_out", "truncated"}) {
      if (p.has(field)) {
        summary.set(field, p.get(field));
      }
    }
    write(new AuditRecord(Instant.now().toString(), session.id(), session.clientName(), session.owner().name(),
        event.name(), summary,
        "ok", null, p.path("duration_ms").asLong(0), code != null && code.isInt() ? code.asInt() : null));
  }

  /** Records one finished call, naming its principal. */
  @Override
  public void called(Principal principal, String method, @Nullable JsonNode params, CallOutcome outcome,
      long elapsedNanos) {
    if (sink == NoAuditSink.INSTANCE) {
      return;   // nothing would keep the record: do not build it
    }
    try {
      String sessionId = text(params, "session_id");
      if (sessionId == null && outcome.result() != null) {
        sessionId = text(outcome.result(), "session_id");
      }
      Session session = sessionId == null ? null : sessions.apply(sessionId);
      String clientName = session != null ? session.clientName() : text(params, "client_name");
      var error = outcome.error();
      JsonNode result = outcome.result();
      Integer exitCode = result != null && result.has("exit_code") && result.get("exit_code").isInt()
          ? result.get("exit_code").asInt() : null;
      write(new AuditRecord(
          Instant.now().toString(),
          sessionId,
          clientName,
          principal.name(),
          method,
          AuditRedactor.redact(params),
          error == null ? "ok" : Integer.toString(error.code()),
          error == null || error.data() == null ? null : text(error.data(), "reason"),
          TimeUnit.NANOSECONDS.toMillis(elapsedNanos),
          exitCode));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "audit record not built for " + method + ": " + e);
    }
  }

  private void write(AuditRecord record) {
    try {
      sink.write(record);
      if (failing.compareAndSet(true, false)) {
        LOG.log(System.Logger.Level.INFO, "audit sink works again");
      }
    } catch (Exception e) {
      if (failing.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, "audit sink failed; calls continue: " + e);
      }
    }
  }

  private static @Nullable String text(@Nullable JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isString() ? v.asString() : null;
  }
}
