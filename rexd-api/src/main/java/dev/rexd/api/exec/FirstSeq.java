package dev.rexd.api.exec;

/**
 * The oldest {@code seq} a process still retains per stream ({@code exec.output} [ext]): chunks
 * below it were dropped; a stream with nothing retained names the {@code seq} its next chunk gets.
 *
 * <pre>{@code
 * boolean missedSome = result.firstSeq().stdout() > lastSeenStdoutSeq + 1;
 * }</pre>
 */
public record FirstSeq(long stdout, long stderr) {}
