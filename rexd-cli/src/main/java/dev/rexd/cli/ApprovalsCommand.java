package dev.rexd.cli;

import dev.rexd.api.console.ApprovalDecideParams;
import dev.rexd.api.console.ApprovalRequest;
import dev.rexd.api.console.ConsoleMethods;
import dev.rexd.api.console.NoParams;
import dev.rexd.client.RexdClient;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rexd approvals list|approve|deny --target NAME [ID] [--reason TEXT]}: decides held
 * commands from a terminal, for an operator without a browser. The target's token must belong to
 * an operator other than the agent that asked (no one approves their own request).
 *
 * <pre>{@code
 * rexd approvals list --target prod
 * rexd approvals deny --target prod apr_3f2a --reason "not during the freeze"
 * }</pre>
 */
@Command(name = "approvals", mixinStandardHelpOptions = true, versionProvider = RexdMain.Version.class,
    sortOptions = false, description = "List pending approvals of a target, or approve or deny one.")
final class ApprovalsCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ACTION", description = "list, approve or deny.")
  String action = "";

  @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The approval id (approve, deny).")
  @Nullable String id;

  @Option(names = "--target", required = true, paramLabel = "NAME", description = "The target's name in targets.json.")
  String target = "";

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (sent with the decision).")
  @Nullable String reason;

  ApprovalsCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    super(out, err, env);
  }

  @Override
  int run() {
    if (!action.equals("list") && !action.equals("approve") && !action.equals("deny")) {
      err.println("rexd: approvals: ACTION must be list, approve or deny, not '" + action + "'");
      return 2;
    }
    if (!action.equals("list") && id == null) {
      err.println("rexd: approvals " + action + ": which one? give its ID (see rexd approvals list)");
      return 2;
    }
    try (RexdClient client = connect(target)) {
      if (action.equals("list")) {
        print(client.call(ConsoleMethods.APPROVAL_LIST, NoParams.INSTANCE).pending());
        return 0;
      }
      String decision = action.equals("approve") ? ApprovalDecideParams.APPROVE : ApprovalDecideParams.DENY;
      client.call(ConsoleMethods.APPROVAL_DECIDE, new ApprovalDecideParams(id, decision, reason));
      out.println((decision.equals("approve") ? "approved " : "denied ") + id);
      out.flush();
      return 0;
    }
  }

  private void print(List<ApprovalRequest> pending) {
    if (pending.isEmpty()) {
      out.println("no pending approvals");
    } else {
      out.printf("%-22s %-16s %-12s %-24s %s%n", "ID", "CLIENT", "PRINCIPAL", "EXPIRES", "COMMAND");
      for (ApprovalRequest a : pending) {
        out.printf("%-22s %-16s %-12s %-24s %s%n", a.approvalId(), oneLine(a.clientName()), oneLine(a.principal()),
            a.expiresAt(), oneLine(a.commandLine()));
      }
    }
    out.flush();
  }

  /** Agent-chosen text on one line, without control characters that could drive the terminal. */
  private static String oneLine(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
