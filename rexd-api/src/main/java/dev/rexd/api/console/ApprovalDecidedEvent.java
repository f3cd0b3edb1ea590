package dev.rexd.api.console;

import org.jspecify.annotations.Nullable;

/**
 * {@code approval.decided}: how a held call was decided ({@code approve}, {@code deny}, or
 * {@code timeout} when no decision came in time) and by whom.
 *
 * <pre>{@code
 * new ApprovalDecidedEvent("apr_1", "sess_1", "deny", "alice", "not on a Friday")
 * }</pre>
 */
public record ApprovalDecidedEvent(
    String approvalId, String sessionId, String decision, String by, @Nullable String reason) {}
