package dev.rexd.api.fs;

/**
 * One entry of an {@code fs.list} result; {@code path} is absolute.
 *
 * <pre>{@code
 * entries.stream().filter(e -> e.type() == EntryType.FILE).map(FsEntry::path)
 * }</pre>
 */
public record FsEntry(String name, String path, EntryType type, long size, long mtime) {}
