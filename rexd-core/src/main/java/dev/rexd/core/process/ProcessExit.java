package dev.rexd.core.process;

/**
 * The end of a process as {@link ProcessHooks#onExit} sees it.
 *
 * <pre>{@code
 * void onExit(ProcessExit e) { audit(e.process().id(), e.status().exitCode()); }
 * }</pre>
 *
 * @param process the process
 * @param status how it ended
 */
public record ProcessExit(ManagedProcess process, ExitStatus status) {}
