package dev.rexd.api.console;

import dev.rexd.api.Reasons;
import dev.rexd.api.Require;
import dev.rexd.api.RexdException;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code approval.decide}: {@code decision} is {@code approve} or {@code deny}.
 *
 * <pre>{@code
 * client.call(ConsoleMethods.APPROVAL_DECIDE, new ApprovalDecideParams(id, "deny", "not on a Friday"));
 * }</pre>
 */
public record ApprovalDecideParams(String approvalId, String decision, @Nullable String reason) {
  public static final String APPROVE = "approve";
  public static final String DENY = "deny";

  public ApprovalDecideParams {
    Require.present(approvalId, "approval_id");
    Require.present(decision, "decision");
    if (!decision.equals(APPROVE) && !decision.equals(DENY)) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT,
          "decision must be \"approve\" or \"deny\", got \"" + decision + "\"").with("field", "decision");
    }
  }

  public boolean approved() {
    return decision.equals(APPROVE);
  }
}
