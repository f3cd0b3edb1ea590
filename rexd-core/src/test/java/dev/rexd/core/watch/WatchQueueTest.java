package dev.rexd.core.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.session.EventChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A watch queue's thread sleeps while it has nothing to hand on, without a time-out when its
 * channel says when it closes, and still ends for every reason a queue ends.
 */
class WatchQueueTest {

  /** Records frames; tells when it closes only if {@code tells}. */
  private static final class Channel implements EventChannel {
    final BlockingQueue<String> got = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final boolean tells;
    volatile Thread deliverer;

    Channel(boolean tells) {
      this.tells = tells;
    }

    @Override
    public boolean deliver(String frame) {
      deliverer = Thread.currentThread();
      return isOpen() && got.add(frame);
    }

    @Override
    public boolean isOpen() {
      return !closed.isDone();
    }

    @Override
    public boolean whenClosed(Runnable action) {
      if (tells) {
        closed.thenRun(action);
      }
      return tells;
    }
  }

  /** A queue over {@code channel}; {@code stopped} counts down when it stops. */
  private static WatchQueue start(Channel channel, CountDownLatch stopped) {
    return WatchQueue.start(channel, 1024, "{\"farewell\":true}", stopped::countDown);
  }

  @Test
  void anIdleQueueWaitsWithoutATimeOutAndEndsWhenItsChannelCloses() throws Exception {
    Channel channel = new Channel(true);
    CountDownLatch stopped = new CountDownLatch(1);
    WatchQueue q = start(channel, stopped);
    Thread drain = drainThread(q, channel);
    assertThat(awaitWaiting(drain)).isEqualTo(Thread.State.WAITING);

    channel.closed.complete(null);
    assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aChannelThatCannotTellIsStillLeftWhenItCloses() throws Exception {
    Channel channel = new Channel(false);
    CountDownLatch stopped = new CountDownLatch(1);
    WatchQueue q = start(channel, stopped);
    Thread drain = drainThread(q, channel);
    assertThat(awaitWaiting(drain)).isEqualTo(Thread.State.TIMED_WAITING);

    channel.closed.complete(null);
    assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void stopFinishAndOverflowEachWakeAnIdleQueue() throws Exception {
    Channel stoppedChannel = new Channel(true);
    CountDownLatch stopped = new CountDownLatch(1);
    WatchQueue s = start(stoppedChannel, stopped);
    awaitWaiting(drainThread(s, stoppedChannel));
    s.stop();
    assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();

    Channel finishedChannel = new Channel(true);
    CountDownLatch finished = new CountDownLatch(1);
    WatchQueue f = start(finishedChannel, finished);
    awaitWaiting(drainThread(f, finishedChannel));
    f.force("{\"last\":true}");
    f.finish();
    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(finishedChannel.got).containsExactly("{\"last\":true}");

    Channel slowChannel = new Channel(true);
    CountDownLatch overflowed = new CountDownLatch(1);
    WatchQueue o = start(slowChannel, overflowed);
    awaitWaiting(drainThread(o, slowChannel));
    assertThat(o.offer("x".repeat(2048))).isFalse();   // past the 1 KiB bound
    assertThat(overflowed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(slowChannel.got).containsExactly("{\"farewell\":true}");
  }

  /**
   * The queue's thread: the one that hands on a first frame, which is taken off the channel
   * again so that the channel starts empty.
   */
  private static Thread drainThread(WatchQueue q, Channel channel) throws InterruptedException {
    assertThat(q.offer("{\"n\":1}")).isTrue();
    assertThat(channel.got.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"n\":1}");
    return channel.deliverer;
  }

  /** Waits (10 s at most) until {@code t} waits, and returns how: with or without a time-out. */
  private static Thread.State awaitWaiting(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Thread.State s = t.getState();
    while (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      s = t.getState();
    }
    return s;
  }
}
