package dev.rexd.api.fs;

import java.util.List;

/**
 * Result of {@code fs.patch}: absolute paths by what happened to them.
 *
 * <pre>{@code
 * result.updated().forEach(System.out::println);
 * }</pre>
 */
public record FsPatchResult(List<String> added, List<String> updated, List<String> deleted, List<FsMove> moved) {}
