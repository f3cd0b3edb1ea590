package dev.rexd.core.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One audit line: who (the principal) called what, with redacted params, and how it ended.
 *
 * <pre>{@code
 * {"timestamp":"2026-11-23T10:00:00Z","session_id":"sess_1","client_name":"agent","principal":"ci-bot","method":"fs.write",
 *  "params":{"path":"a.txt","content":{"redacted_length":5}},"outcome":"ok","duration_ms":1}
 * }</pre>
 *
 * @param outcome {@code ok}, or the error code as a string
 */
public record AuditRecord(
    String timestamp,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String sessionId,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String clientName,
    String principal,
    String method,
    @Nullable JsonNode params,
    String outcome,
    @Nullable String reason,
    long durationMs,
    @Nullable Integer exitCode) {}
