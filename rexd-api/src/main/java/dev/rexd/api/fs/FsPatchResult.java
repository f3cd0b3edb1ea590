package dev.rexd.api.fs;

import java.util.List;

/**
 * Result of {@code fs.patch}: absolute paths by what happened to them.
 *
 * {@code
 * result.updated().forEach(System.out::println);
 * }
 */
public record FsPatchResult(List<String> added, List<String> updated, List<String> deleted, List<FsMove> moved) {}
