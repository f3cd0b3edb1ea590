package dev.rexd.api.console;

import dev.rexd.api.OkResult;
import dev.rexd.api.RexdEvent;
import dev.rexd.api.RexdMethod;
import java.util.List;

/**
 * The methods and events of watching and approvals (protocol sections 9.3 and 9.4) as typed
 * descriptors.
 *
 * <pre>{@code
 * client.call(ConsoleMethods.SERVER_WATCH, NoParams.INSTANCE);
 * if (n.method().equals(ConsoleMethods.APPROVAL_REQUESTED.name())) { ... }
 * }</pre>
 */
public final class ConsoleMethods {
  public static final RexdMethod<NoParams, ServerSessionsResult> SERVER_SESSIONS =
      new RexdMethod<>("server.sessions", NoParams.class, ServerSessionsResult.class);
  public static final RexdMethod<NoParams, OkResult> SERVER_WATCH =
      new RexdMethod<>("server.watch", NoParams.class, OkResult.class);
  public static final RexdMethod<NoParams, OkResult> SERVER_UNWATCH =
      new RexdMethod<>("server.unwatch", NoParams.class, OkResult.class);
  public static final RexdMethod<SessionWatchParams, OkResult> SESSION_WATCH =
      new RexdMethod<>("session.watch", SessionWatchParams.class, OkResult.class);
  public static final RexdMethod<SessionUnwatchParams, OkResult> SESSION_UNWATCH =
      new RexdMethod<>("session.unwatch", SessionUnwatchParams.class, OkResult.class);
  public static final RexdMethod<NoParams, ApprovalListResult> APPROVAL_LIST =
      new RexdMethod<>("approval.list", NoParams.class, ApprovalListResult.class);
  public static final RexdMethod<ApprovalDecideParams, OkResult> APPROVAL_DECIDE =
      new RexdMethod<>("approval.decide", ApprovalDecideParams.class, OkResult.class);

  /** Every method above. */
  public static final List<RexdMethod<?, ?>> ALL = List.of(SERVER_SESSIONS, SERVER_WATCH, SERVER_UNWATCH,
      SESSION_WATCH, SESSION_UNWATCH, APPROVAL_LIST, APPROVAL_DECIDE);

  public static final RexdEvent<SessionOpenedEvent> SESSION_OPENED =
      new RexdEvent<>("session.opened", SessionOpenedEvent.class);
  public static final RexdEvent<SessionClosedEvent> SESSION_CLOSED =
      new RexdEvent<>("session.closed", SessionClosedEvent.class);
  public static final RexdEvent<SessionUnwatchedEvent> SESSION_UNWATCHED =
      new RexdEvent<>("session.unwatched", SessionUnwatchedEvent.class);
  public static final RexdEvent<ServerUnwatchedEvent> SERVER_UNWATCHED =
      new RexdEvent<>("server.unwatched", ServerUnwatchedEvent.class);
  public static final RexdEvent<ExecStartedEvent> EXEC_STARTED =
      new RexdEvent<>("exec.started", ExecStartedEvent.class);
  public static final RexdEvent<PtyOpenedEvent> PTY_OPENED = new RexdEvent<>("pty.opened", PtyOpenedEvent.class);
  public static final RexdEvent<PtyResizedEvent> PTY_RESIZED = new RexdEvent<>("pty.resized", PtyResizedEvent.class);
  public static final RexdEvent<PtyInputByEvent> PTY_INPUT_BY = new RexdEvent<>("pty.input_by", PtyInputByEvent.class);
  public static final RexdEvent<ApprovalRequest> APPROVAL_REQUESTED =
      new RexdEvent<>("approval.requested", ApprovalRequest.class);
  public static final RexdEvent<ApprovalDecidedEvent> APPROVAL_DECIDED =
      new RexdEvent<>("approval.decided", ApprovalDecidedEvent.class);

  private ConsoleMethods() {}
}
