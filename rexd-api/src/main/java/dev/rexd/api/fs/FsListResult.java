package dev.rexd.api.fs;

import java.util.List;

/**
 * Result of {@code fs.list}: entries sorted by path; {@code truncated} when {@code max_entries} cut it.
 *
 * <pre>{@code
 * result.entries().forEach(e -> System.out.println(e.path()));
 * }</pre>
 */
public record FsListResult(String path, List<FsEntry> entries, boolean truncated) {}
