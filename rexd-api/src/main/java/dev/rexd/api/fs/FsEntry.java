package dev.rexd.api.fs;

/**
 * One entry of an {@code fs.list} result; {@code path} is absolute.
 *
 * {@code
 * entries.stream().filter(e -> e.type() == EntryType.FILE).map(FsEntry::path)
 * }
 */
public record FsEntry(String name, String path, EntryType type, long size, long mtime) {}
