package dev.rexd.api.console;

import java.util.List;

/**
 * Result of {@code approval.list}: the pending approvals, oldest first.
 *
 * <pre>{@code
 * List<ApprovalRequest> pending = client.call(ConsoleMethods.APPROVAL_LIST, NoParams.INSTANCE).pending();
 * }</pre>
 */
public record ApprovalListResult(List<ApprovalRequest> pending) {
  public ApprovalListResult {
    pending = pending == null ? List.of() : List.copyOf(pending);
  }
}
