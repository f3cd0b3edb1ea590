package dev.rexd.hub.wire;

import java.util.List;
import java.util.Map;

/**
 * One host in {@code hub.hosts}.
 *
 * @param connectedSince when its control connection registered, ISO-8601
 *
 * <pre>{@code
 * new HostEntry("web-1", "2026-12-05T07:00:00Z", "0.1.0", List.of("exec", "fs"), Map.of())
 * }</pre>
 */
public record HostEntry(String name, String connectedSince, String serverVersion, List<String> capabilities,
    Map<String, String> labels) {}
