package dev.rexd.api.fs;

import java.util.List;

/**
 * Result of {@code fs.glob}: sorted absolute paths inside the session's roots.
 *
 * <pre>{@code
 * List<String> files = result.matches();
 * }</pre>
 */
public record FsGlobResult(List<String> matches, boolean truncated) {}
