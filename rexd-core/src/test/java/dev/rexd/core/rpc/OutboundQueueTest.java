package dev.rexd.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The outbound queue holds frames up to a number of bytes, never drops one, and lets producers wait. */
class OutboundQueueTest {
  private static final long BOUND = 1000;

  @Test
  void aProducerWaitsWhileTheBoundIsReachedAndGoesOnOnceTheWriterIsDone() throws Exception {
    OutboundQueue q = new OutboundQueue(BOUND);
    byte[] first = new byte[600];
    byte[] second = new byte[600];
    assertThat(q.put(first, () -> true)).isTrue();
    CompletableFuture<Boolean> waiting = new CompletableFuture<>();
    awaitWaiting(producer(() -> waiting.complete(q.put(second, () -> true))));
    assertThat(waiting).as("600 + 600 bytes exceed the bound of %d", BOUND).isNotDone();

    Object taken = q.poll();
    assertThat(taken).isSameAs(first);
    assertThat(waiting).as("the frame being written still counts").isNotDone();
    q.written(taken);
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(q.poll()).isSameAs(second);
  }

  @Test
  void aFrameLargerThanTheBoundEntersAnEmptyQueue() throws Exception {
    OutboundQueue q = new OutboundQueue(BOUND);
    byte[] big = new byte[(int) BOUND * 4];
    assertThat(q.put(big, () -> true)).isTrue();
    assertThat(q.poll()).isSameAs(big);
  }

  @Test
  void smallFramesShareTheBoundInOrder() throws Exception {
    OutboundQueue q = new OutboundQueue(BOUND);
    for (int i = 0; i < 10; i++) {
      assertThat(q.put("frame-" + i + "-".repeat(80), () -> true)).isTrue();
    }
    for (int i = 0; i < 10; i++) {
      Object f = q.poll();
      assertThat((String) f).startsWith("frame-" + i + "-");
      q.written(f);
    }
    assertThat(q.poll()).isNull();
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void aWaitingProducerGivesUpWhenTheConnectionCloses() throws Exception {
    OutboundQueue q = new OutboundQueue(BOUND);
    q.put(new byte[900], () -> true);
    AtomicBoolean open = new AtomicBoolean(true);
    CompletableFuture<Boolean> waiting = new CompletableFuture<>();
    awaitWaiting(producer(() -> waiting.complete(q.put(new byte[900], open::get))));
    open.set(false);
    q.clear();
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isFalse();
  }

  /** What a producer thread does; it may wait. */
  private interface Put {
    void run() throws InterruptedException;
  }

  private static Thread producer(Put put) {
    Thread t = new Thread(() -> {
      try {
        put.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "producer");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Until {@code producer} waits for room (parked on the queue's condition); fails after 10 s. */
  private static void awaitWaiting(Thread producer) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (producer.getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime()).as("the producer should be waiting for room").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void anOfferTakesOnlyTheRoomThereIsAndNeverWaits() {
    OutboundQueue q = new OutboundQueue(BOUND);
    byte[] big = new byte[(int) BOUND * 2];
    assertThat(q.offer(big)).as("an empty queue takes any frame").isTrue();
    assertThat(q.offer("x")).as("no room behind a frame over the bound").isFalse();
    Object taken = q.poll();
    q.written(taken);
    assertThat(q.offer("a".repeat(600))).isTrue();
    assertThat(q.offer("b".repeat(600))).isFalse();
    assertThat(q.offer("c".repeat(300))).isTrue();
    assertThat((String) q.poll()).startsWith("a");
    assertThat((String) q.poll()).startsWith("c");
    assertThat(q.poll()).isNull();
  }
}
