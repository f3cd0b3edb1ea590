package dev.rexd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TerminalCheckTest {
  /** Holds what it is given until the test runs it. */
  private static final class HeldTasks implements Executor {
    final List<Runnable> tasks = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }
  }

  private final AtomicInteger proofs = new AtomicInteger();
  private final HeldTasks executor = new HeldTasks();

  private TerminalCheck check(boolean host, boolean proven) {
    return new TerminalCheck(() -> host, () -> {
      proofs.incrementAndGet();
      return proven;
    }, executor);
  }

  @Test
  void theFirstAnswerIsTheHostCheckAndProvesNothing() {
    assertThat(check(true, false).work()).isTrue();
    assertThat(check(false, true).work()).isFalse();
    assertThat(executor.tasks).isEmpty();
    assertThat(proofs).hasValue(0);
  }

  @Test
  void askedAgainTheProofStartsOnceAndAnswersWhenItIsIn() {
    TerminalCheck terminals = check(true, false);
    terminals.work();
    assertThat(terminals.work()).as("the proof has not run yet").isTrue();
    assertThat(terminals.work()).isTrue();
    assertThat(executor.tasks).hasSize(1);

    executor.tasks.get(0).run();
    assertThat(proofs).hasValue(1);
    assertThat(terminals.work()).as("the proof found terminals do not work").isFalse();
    assertThat(terminals.work()).isFalse();
    assertThat(executor.tasks).hasSize(1);
    assertThat(proofs).hasValue(1);
  }

  @Test
  void aProofThatFailsCountsAsNoTerminals() {
    TerminalCheck terminals = new TerminalCheck(() -> true, () -> {
      throw new IllegalStateException("no pty4j");
    }, executor);
    terminals.work();
    terminals.work();
    try {
      executor.tasks.get(0).run();
    } catch (IllegalStateException expected) {
      // the executor's thread would log it
    }
    assertThat(terminals.work()).isFalse();
  }

  @Test
  void aClosedExecutorLeavesTheHostCheckAnswering() {
    TerminalCheck terminals = new TerminalCheck(() -> true, () -> false, task -> {
      throw new RejectedExecutionException("closed");
    });
    terminals.work();
    assertThat(terminals.work()).isTrue();
    assertThat(terminals.work()).isTrue();
  }
}
