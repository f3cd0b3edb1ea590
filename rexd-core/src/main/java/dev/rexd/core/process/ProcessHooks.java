package dev.rexd.core.process;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where features plug into every process and terminal, once: approvals before a start, watchers,
 * recorders and transcripts on its events. Hooks are registered on the server in order
 * ({@code RexdServer.builder().processHooks(...)}); each method is called on every hook in that
 * order.
 *
 * <ul>
 *   <li>{@link #beforeStart}: may hold a start (an operator's approval) or refuse it. It returns
 *       at once with a stage that completes when the decision is made, so no thread waits while
 *       it is held; the first hook that refuses wins, and later hooks are not asked.
 *   <li>{@link #onStart}: the process was spawned and registered; its events follow.
 *   <li>{@link #onOutput}: every output chunk, in order, before the session's connections get it,
 *       on the pump's thread: a slow hook slows the child as a slow client would (queue inside
 *       the hook to decouple).
 *   <li>{@link #onExit}: once, after the last output, before the exit event goes out.
 *   <li>{@link #onInput} and {@link #onResize}: input written to the process (stdin or its
 *       terminal) and a terminal's new size, after they took effect, on the caller's thread.
 * </ul>
 *
 * <p>A hook that throws from {@code onStart}, {@code onOutput} or {@code onExit} is logged and
 * skipped; it never stops a process or its events.
 *
 * <pre>{@code
 * ProcessHooks transcript = new ProcessHooks() {
 *   public void onOutput(ProcessOutput o) { log.write(o.process().id(), o.bytes()); }
 *   public void onExit(ProcessExit e) { log.close(e.process().id(), e.status()); }
 * };
 * RexdServer server = RexdServer.builder().processHooks(transcript).build();
 * }</pre>
 */
public interface ProcessHooks {
  /** The process may start, or not (see {@link Verdict}). Default: allowed at once. */
  default CompletionStage<Verdict> beforeStart(StartContext start) {
    return CompletableFuture.completedFuture(Verdict.ALLOW);
  }

  default void onStart(ManagedProcess process) {}

  default void onOutput(ProcessOutput output) {}

  default void onExit(ProcessExit exit) {}

  /** {@code data} was written to the process's stdin or terminal ({@code exec.input}, {@code pty.input}). */
  default void onInput(ManagedProcess process, byte[] data) {}

  /** The process's terminal now has this size ({@code pty.resize}). */
  default void onResize(ManagedProcess process, TerminalSize size) {}
}
