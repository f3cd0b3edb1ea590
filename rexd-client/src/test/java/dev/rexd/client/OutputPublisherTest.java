package dev.rexd.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.exec.StreamName;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bounded single-subscriber output buffer: demand, back-pressure, late subscribers, ends. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OutputPublisherTest {

  private static Chunk chunk(long seq, String text) {
    return new Chunk(StreamName.STDOUT, seq, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Records signals; requests nothing by itself. */
  private static final class Recorder implements Flow.Subscriber<Chunk> {
    final List<String> signals = new CopyOnWriteArrayList<>();
    final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription.set(s);
    }

    @Override
    public void onNext(Chunk c) {
      signals.add(c.text());
    }

    @Override
    public void onError(Throwable t) {
      signals.add("error:" + t.getClass().getSimpleName());
    }

    @Override
    public void onComplete() {
      signals.add("complete");
    }

    void request(long n) {
      subscription.get().request(n);
    }
  }

  @Test
  void deliversOnlyWhatWasRequestedInOrder() throws Exception {
    OutputPublisher p = new OutputPublisher(Runnable::run, 1 << 20);
    Recorder r = new Recorder();
    p.subscribe(r);
    p.offer(chunk(1, "a"));
    p.offer(chunk(2, "b"));
    p.offer(chunk(3, "c"));
    assertThat(r.signals).isEmpty();
    r.request(2);
    assertThat(r.signals).containsExactly("a", "b");
    p.complete();
    assertThat(p.settled()).isNotDone();
    r.request(10);
    assertThat(r.signals).containsExactly("a", "b", "c", "complete");
    assertThat(p.settled()).isDone();
  }

  @Test
  void keepsOutputForASubscriberThatArrivesAfterTheEnd() throws Exception {
    OutputPublisher p = new OutputPublisher(Runnable::run, 1 << 20);
    p.offer(chunk(1, "x"));
    p.offer(chunk(2, "y"));
    p.complete();
    assertThat(p.settled()).isDone();
    Recorder r = new Recorder();
    p.subscribe(r);
    r.request(Long.MAX_VALUE);
    assertThat(r.signals).containsExactly("x", "y", "complete");
  }

  /** Waits until a producer is parked in {@code offer} for want of room. */
  static void awaitBlockedProducer(OutputPublisher p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!p.producerWaiting()) {
      assertThat(System.nanoTime()).as("a producer blocked").isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  @Test
  void aFullBufferBlocksTheProducerUntilTheSubscriberTakesMore() throws Exception {
    OutputPublisher p = new OutputPublisher(Runnable::run, 10);
    Recorder r = new Recorder();
    p.subscribe(r);
    p.offer(chunk(1, "123456"));
    CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
      try {
        p.offer(chunk(2, "abcdef"));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    awaitBlockedProducer(p);
    assertThat(second).isNotDone();
    r.request(1);
    second.get(5, TimeUnit.SECONDS);
    r.request(1);
    assertThat(r.signals).containsExactly("123456", "abcdef");
  }

  @Test
  void cancellingDropsTheRestAndUnblocksTheProducer() throws Exception {
    OutputPublisher p = new OutputPublisher(Runnable::run, 4);
    Recorder r = new Recorder();
    p.subscribe(r);
    p.offer(chunk(1, "full"));
    CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
      try {
        p.offer(chunk(2, "more"));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    awaitBlockedProducer(p);
    r.subscription.get().cancel();
    blocked.get(5, TimeUnit.SECONDS);
    p.offer(chunk(3, "late"));
    p.complete();
    r.request(5);
    assertThat(r.signals).isEmpty();
    assertThat(p.settled()).isDone();
  }

  @Test
  void aFailureComesAfterTheBufferedChunks() throws Exception {
    OutputPublisher p = new OutputPublisher(Runnable::run, 1 << 20);
    Recorder r = new Recorder();
    p.subscribe(r);
    p.offer(chunk(1, "kept"));
    p.fail(new RexdTransportException("gone", null));
    assertThat(r.signals).isEmpty();
    r.request(1);
    assertThat(r.signals).containsExactly("kept", "error:RexdTransportException");
  }

  @Test
  void aSecondSubscriberIsRefused() {
    OutputPublisher p = new OutputPublisher(Runnable::run, 1 << 20);
    p.subscribe(new Recorder());
    Recorder second = new Recorder();
    p.subscribe(second);
    assertThat(second.signals).containsExactly("error:IllegalStateException");
  }

  @Test
  void aNonPositiveRequestIsAnError() throws Exception {
    OutputPublisher p = new OutputPublisher(Runnable::run, 1 << 20);
    Recorder r = new Recorder();
    p.subscribe(r);
    p.offer(chunk(1, "a"));
    r.request(0);
    p.offer(chunk(2, "b"));
    assertThat(r.signals).containsExactly("error:IllegalArgumentException");
  }

  @Test
  void aSubscriberThatThrowsLosesItsSubscription() throws Exception {
    OutputPublisher p = new OutputPublisher(Runnable::run, 1 << 20);
    List<String> seen = new CopyOnWriteArrayList<>();
    p.subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(Chunk c) {
        seen.add(c.text());
        throw new IllegalStateException("boom");
      }

      @Override
      public void onError(Throwable t) {
        seen.add("error");
      }

      @Override
      public void onComplete() {
        seen.add("complete");
      }
    });
    p.offer(chunk(1, "a"));
    p.offer(chunk(2, "b"));
    p.complete();
    assertThat(seen).containsExactly("a");
    assertThat(p.settled()).isDone();
  }

  @Test
  void callbacksSeeTheirOwnStreamAndThrowingOnesDoNotStopDelivery() throws Exception {
    OutputPublisher p = new OutputPublisher(Runnable::run, 1 << 20);
    List<String> out = new CopyOnWriteArrayList<>();
    List<String> all = new CopyOnWriteArrayList<>();
    p.subscribe(new CallbackSubscriber(c -> {
      out.add(c.text());
      throw new IllegalStateException("ignored");
    }, null, c -> all.add(c.stream() + ":" + c.text())));
    p.offer(chunk(1, "o1"));
    p.offer(new Chunk(StreamName.STDERR, 1, "e1".getBytes(StandardCharsets.UTF_8)));
    p.offer(chunk(2, "o2"));
    assertThat(out).containsExactly("o1", "o2");
    assertThat(all).containsExactly("STDOUT:o1", "STDERR:e1", "STDOUT:o2");
  }
}
