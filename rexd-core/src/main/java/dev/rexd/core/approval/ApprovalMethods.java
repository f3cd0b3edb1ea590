package dev.rexd.core.approval;

import dev.rexd.api.OkResult;
import dev.rexd.api.console.ApprovalListResult;
import dev.rexd.api.console.ConsoleMethods;
import dev.rexd.core.process.ProcessRequest;
import dev.rexd.core.rpc.MethodRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds {@code approval.list} and {@code approval.decide} (operators; checked before the handler
 * runs), and turns a resolved start into the command lines the rules see.
 *
 * <pre>{@code
 * ApprovalMethods.register(registry, gate);
 * List<String> lines = ApprovalMethods.commandLines(request);   // ["/usr/bin/rm -rf x", "rm -rf x"]
 * }</pre>
 */
public final class ApprovalMethods {
  private ApprovalMethods() {}

  public static void register(MethodRegistry r, ApprovalGate gate) {
    r.register(ConsoleMethods.APPROVAL_LIST, (call, p) -> new ApprovalListResult(gate.pending()));
    r.register(ConsoleMethods.APPROVAL_DECIDE, (call, p) -> {
      gate.decide(call.principal(), p);
      return OkResult.OK;
    });
  }

  /**
   * What the rules match: a shell command as written; else the real program followed by the
   * arguments, and the same with the program's file name (the first line is the one shown).
   */
  public static List<String> commandLines(ProcessRequest request) {
    if (request.command() != null) {
      return List.of(request.command());
    }
    List<String> argv = request.spec().argv();
    List<String> args = argv.subList(1, argv.size());
    String rest = args.isEmpty() ? "" : " " + String.join(" ", args);
    List<String> lines = new ArrayList<>();
    Path program = request.spec().program();
    lines.add(program + rest);
    Path name = program.getFileName();
    if (name != null) {
      lines.add(name + rest);
    }
    return lines;
  }
}
