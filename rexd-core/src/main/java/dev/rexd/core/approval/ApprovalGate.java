package dev.rexd.core.approval;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.console.ApprovalDecideParams;
import dev.rexd.api.console.ApprovalDecidedEvent;
import dev.rexd.api.console.ApprovalRequest;
import dev.rexd.api.console.ConsoleMethods;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.process.ProcessHooks;
import dev.rexd.core.process.ProcessRequest;
import dev.rexd.core.process.StartContext;
import dev.rexd.core.process.Verdict;
import dev.rexd.core.session.Session;
import dev.rexd.core.watch.WatchRegistry;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Holds the starts that need a person's approval (protocol section 9.4): each one becomes a
 * pending approval, announced as {@code approval.requested} to the session's watchers and every
 * {@code server.watch} connection; {@link #decide} completes it ({@code approval.decided}), and so
 * does its timeout. The held call's future then lets the start proceed, or fails with
 * {@code -32009} ({@code denied}, with {@code by} and the operator's {@code decision_reason}; or
 * {@code approval_timeout}).
 * No principal decides its own request ({@code -32001 own_request}), whatever its role. Only the
 * held call waits: it does not take a thread while it waits, and the agent's other calls go on.
 *
 * <pre>{@code
 * RexdServer.builder().approvals(policy);      // the server registers the gate as its first process hook
 * gate.hold(principal, session, "exec.start", argv, null, lines, cwd)
 *     .thenRun(() -> start());                     // or -32009 when denied
 * gate.decide(operator, new ApprovalDecideParams(id, "approve", null));
 * }</pre>
 */
public final class ApprovalGate implements ProcessHooks {
  private static final int REMEMBERED_DECISIONS = 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Pending(ApprovalRequest request, Principal requester, Session session,
      CompletableFuture<Void> outcome, long startNanos, @Nullable ScheduledFuture<?>[] timeout) {}

  private final ApprovalPolicy policy;
  private final WatchRegistry watching;
  private final ScheduledExecutorService timer;
  private final LongConsumer waitNanos;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, String> decided = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > REMEMBERED_DECISIONS;
    }
  };

  /**
   * @param waitNanos hears how long each decided or expired approval waited (metrics)
   */
  public ApprovalGate(ApprovalPolicy policy, WatchRegistry watching, ScheduledExecutorService timer,
      LongConsumer waitNanos) {
    this.policy = policy;
    this.watching = watching;
    this.timer = timer;
    this.waitNanos = waitNanos;
  }

  public ApprovalPolicy policy() {
    return policy;
  }

  /**
   * The process hook: a start the policy requires approval for is held, by the session's owner
   * (the only principal that starts processes in a session), until decided.
   */
  @Override
  public CompletionStage<Verdict> beforeStart(StartContext start) {
    if (!policy.enabled()) {
      return CompletableFuture.completedFuture(Verdict.ALLOW);
    }
    ProcessRequest r = start.request();
    Session s = start.session();
    return hold(s.owner(), s, r.terminal() ? "pty.open" : "exec.start", r.argv(), r.command(),
        ApprovalMethods.commandLines(r), r.spec().cwd().toString())
        .handle((ok, failure) -> failure == null ? Verdict.ALLOW : Verdict.deny(refusal(failure)));
  }

  private static RexdException refusal(Throwable failure) {
    Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return t instanceof RexdException r ? r
        : RexdException.of(ErrorCode.NOT_APPROVED, Reasons.DENIED, "not approved: " + t.getMessage());
  }

  /**
   * A future that completes when the start may proceed: at once when the policy does not require
   * approval for any of {@code lines}, else when an operator approves; it fails with
   * {@code -32009} when one denies or the time runs out.
   */
  public CompletableFuture<Void> hold(Principal requester, Session session, String method,
      @Nullable List<String> argv, @Nullable String command, List<String> lines, String cwd) {
    if (!policy.requires(lines)) {
      return CompletableFuture.completedFuture(null);
    }
    Instant now = Instant.now();
    String id = "apr_" + HexFormat.of().formatHex(randomBytes());
    ApprovalRequest request = new ApprovalRequest(id, session.id(), session.clientName(), requester.name(), method,
        argv, command, lines.get(0), cwd, now.toString(), now.plus(policy.timeout()).toString());
    @SuppressWarnings("unchecked")
    ScheduledFuture<?>[] timeout = new ScheduledFuture<?>[1];
    Pending p = new Pending(request, requester, session, new CompletableFuture<>(), System.nanoTime(), timeout);
    pending.put(id, p);
    watching.broadcast(session, ConsoleMethods.APPROVAL_REQUESTED, request);
    timeout[0] = timer.schedule(() -> expire(id), policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
    return p.outcome();
  }

  /** {@code approval.list}: the pending approvals, oldest first. */
  public List<ApprovalRequest> pending() {
    List<ApprovalRequest> out = new ArrayList<>();
    pending.values().forEach(p -> out.add(p.request()));
    out.sort(Comparator.comparing(ApprovalRequest::requestedAt).thenComparing(ApprovalRequest::approvalId));
    return out;
  }

  /**
   * {@code approval.decide} by {@code by}.
   *
   * @throws RexdException {@code -32602 unknown_approval} / {@code already_decided};
   *     {@code -32001 own_request} when {@code by} made the request
   */
  public void decide(Principal by, ApprovalDecideParams params) {
    String id = params.approvalId();
    Pending p = pending.get(id);
    if (p == null) {
      String before;
      synchronized (decided) {
        before = decided.get(id);
      }
      throw before != null
          ? RexdException.invalidParams(Reasons.ALREADY_DECIDED, "approval " + id + " was already decided: " + before)
              .with("approval_id", id).with("decision", before)
          : RexdException.invalidParams(Reasons.UNKNOWN_APPROVAL, "no pending approval " + id).with("approval_id", id);
    }
    if (p.requester().sameAs(by)) {
      throw RexdException.of(ErrorCode.UNAUTHORIZED, Reasons.OWN_REQUEST,
          by.name() + " cannot decide its own request; another operator must").with("approval_id", id);
    }
    if (!settle(id, params.decision(), by.name(), params.reason())) {
      throw RexdException.invalidParams(Reasons.ALREADY_DECIDED, "approval " + id + " was already decided")
          .with("approval_id", id);
    }
    if (params.approved()) {
      p.outcome().complete(null);
    } else {
      p.outcome().completeExceptionally(RexdException.of(ErrorCode.NOT_APPROVED, Reasons.DENIED,
              "denied by " + by.name() + (params.reason() == null ? "" : ": " + params.reason()))
          .with("approval_id", id).with("by", by.name()).with("decision_reason", params.reason()));
    }
  }

  private void expire(String id) {
    Pending p = pending.get(id);
    if (p != null && settle(id, "timeout", "server", null)) {
      p.outcome().completeExceptionally(RexdException.of(ErrorCode.NOT_APPROVED, Reasons.APPROVAL_TIMEOUT,
              "no decision within " + policy.timeout().toMillis() + " ms")
          .with("approval_id", id).with("timeout_ms", policy.timeout().toMillis()));
    }
  }

  /** Removes the pending entry and announces the decision; false when another thread got there first. */
  private boolean settle(String id, String decision, String by, @Nullable String reason) {
    Pending p = pending.remove(id);
    if (p == null) {
      return false;
    }
    synchronized (decided) {
      decided.put(id, decision);
    }
    ScheduledFuture<?> t = p.timeout()[0];
    if (t != null) {
      t.cancel(false);
    }
    waitNanos.accept(System.nanoTime() - p.startNanos());
    watching.broadcast(p.session(), ConsoleMethods.APPROVAL_DECIDED,
        new ApprovalDecidedEvent(id, p.session().id(), decision, by, reason));
    return true;
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[9];
    RANDOM.nextBytes(b);
    return b;
  }
}
