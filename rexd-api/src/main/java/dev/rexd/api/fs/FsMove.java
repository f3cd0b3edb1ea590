package dev.rexd.api.fs;

/**
 * One {@code *** Move to:} a patch applied.
 *
 * <pre>{@code
 * new FsMove("/w/a.txt", "/w/b.txt")
 * }</pre>
 */
public record FsMove(String from, String to) {}
