package dev.rexd.core.process;

import dev.rexd.api.exec.StreamName;

/**
 * One output chunk of a process as {@link ProcessHooks#onOutput} sees it: exactly the bytes read,
 * numbered per stream from 1 (a terminal has only {@code STDOUT}).
 *
 * <pre>{@code
 * void onOutput(ProcessOutput o) { file.write(o.bytes()); }
 * }</pre>
 *
 * @param process the process
 * @param stream which stream
 * @param seq the chunk's {@code seq}
 * @param bytes the chunk's bytes, shared: never modify them
 */
public record ProcessOutput(ManagedProcess process, StreamName stream, long seq, byte[] bytes) {}
