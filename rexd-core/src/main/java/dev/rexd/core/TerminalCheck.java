package dev.rexd.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Whether terminals work on this host: {@code session.open} lists {@code pty} and {@code tty}
 * only then. The proof runs a shell on a pseudo-terminal: in a fresh JVM that is a couple of
 * hundred milliseconds of CPU and compiler time, which a fresh server's first requests would wait
 * behind (a fresh stdio server's first 40 {@code fs.stat} calls took 1.3-1.5× as long while it
 * ran), and a server that opens one session never needs more than the first answer. So the first
 * answer is the quick host check; asked again, the proof starts in the background, and once it
 * has finished its result is the answer.
 *
 * <pre>{@code
 * TerminalCheck terminals =
 *     new TerminalCheck(PtyService::hostSupportsPtys, pty::available, executor);
 * boolean listed = terminals.work();
 * }</pre>
 */
final class TerminalCheck {
  private final BooleanSupplier hostCheck;
  private final BooleanSupplier proof;
  private final Executor executor;
  private final AtomicBoolean asked = new AtomicBoolean();
  private final AtomicReference<@Nullable CompletableFuture<Boolean>> proved = new AtomicReference<>();

  /**
   * @param hostCheck the quick answer, taken until the proof is in
   * @param proof the answer that spawns a terminal; run once, on {@code executor}
   */
  TerminalCheck(BooleanSupplier hostCheck, BooleanSupplier proof, Executor executor) {
    this.hostCheck = hostCheck;
    this.proof = proof;
    this.executor = executor;
  }

  /** Whether terminals work: the proof's answer once it is in, else the host check's. */
  boolean work() {
    if (asked.getAndSet(true) && proved.get() == null) {
      startProof();
    }
    CompletableFuture<Boolean> p = proved.get();
    return p != null && p.isDone() ? p.join() : hostCheck.getAsBoolean();
  }

  private void startProof() {
    CompletableFuture<Boolean> started = new CompletableFuture<>();
    if (!proved.compareAndSet(null, started)) {
      return;
    }
    try {
      executor.execute(() -> {
        boolean works = false;
        try {
          works = proof.getAsBoolean();
        } finally {
          started.complete(works);
        }
      });
    } catch (RejectedExecutionException shuttingDown) {
      proved.set(null);   // the server is closing: the host check answers
    }
  }
}
