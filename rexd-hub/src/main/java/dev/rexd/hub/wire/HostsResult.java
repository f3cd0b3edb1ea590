package dev.rexd.hub.wire;

import java.util.List;

/**
 * The result of {@code hub.hosts}: every connected host, by name.
 *
 * <pre>{@code
 * HostsResult r = RexdJson.mapper().treeToValue(result, HostsResult.class);
 * }</pre>
 */
public record HostsResult(List<HostEntry> hosts) {}
