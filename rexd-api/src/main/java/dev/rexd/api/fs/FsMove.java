package dev.rexd.api.fs;

/**
 * One {@code *** Move to:} a patch applied.
 *
 * {@code
 * new FsMove("/w/a.txt", "/w/b.txt")
 * }
 */
public record FsMove(String from, String to) {}
