package dev.rexd.api.console;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A held {@code exec.start} or {@code pty.open}: the {@code approval.requested} event and an entry
 * of {@code approval.list}.
 *
 * <pre>{@code
 * for (ApprovalRequest a : client.call(ConsoleMethods.APPROVAL_LIST, NoParams.INSTANCE).pending()) { ... }
 * }</pre>
 *
 * @param method {@code exec.start} or {@code pty.open}
 * @param commandLine the resolved command line the rules matched
 */
public record ApprovalRequest(
    String approvalId,
    String sessionId,
    String clientName,
    String principal,
    String method,
    @Nullable List<String> argv,
    @Nullable String command,
    String commandLine,
    String cwd,
    String requestedAt,
    String expiresAt) {}
