package dev.rexd.core.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.session.EventChannel;
import dev.rexd.core.testing.ThreadStates;
import java.util.concurrent.BlockingQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A watch queue's thread sleeps while it has nothing to hand on, without a time-out when its
 * channel says when it closes, and still ends for every reason a queue ends.
 */
class WatchQueueTest {

  /** Records frames; tells when it closes only if {@code tells}. */
  private static final class Channel implements EventChannel {
    final BlockingQueue<String> got = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** The close actions held: neither run nor forgotten yet. */
    final Set<Runnable> onClose = ConcurrentHashMap.newKeySet();
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
    public @Nullable Runnable whenClosed(Runnable action) {
      if (!tells) {
        return null;
      }
      onClose.add(action);
      closed.thenRun(() -> {
        if (onClose.remove(action)) {
          action.run();
        }
      });
      return () -> onClose.remove(action);
    }
  }

  /** A queue over {@code channel}; {@code stopped} counts down when it stops. */
  private static WatchQueue start(Channel channel, CountDownLatch stopped) {
    return WatchQueue.start(channel, 1024, "{\"farewell\":true}", stopped::countDown);
  }

  /** Without a time-out when the channel tells when it closes; else it looks every 100 ms. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void anIdleQueueSleepsAndEndsWhenItsChannelCloses(boolean tells) throws Exception {
    Channel channel = new Channel(tells);
    CountDownLatch stopped = new CountDownLatch(1);
    WatchQueue q = start(channel, stopped);
    Thread drain = drainThread(q, channel);
    assertThat(ThreadStates.awaitWaiting(drain))
        .isEqualTo(tells ? Thread.State.WAITING : Thread.State.TIMED_WAITING);

    channel.closed.complete(null);
    assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Each wakes the queue, which ends and leaves its channel holding nothing of it. */
  @Test
  void stopFinishAndOverflowEachWakeAnIdleQueue() throws Exception {
    Channel stoppedChannel = new Channel(true);
    CountDownLatch stopped = new CountDownLatch(1);
    WatchQueue s = start(stoppedChannel, stopped);
    ThreadStates.awaitWaiting(drainThread(s, stoppedChannel));
    s.stop();
    assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(stoppedChannel.onClose).as("the close action forgotten").isEmpty();

    Channel finishedChannel = new Channel(true);
    CountDownLatch finished = new CountDownLatch(1);
    WatchQueue f = start(finishedChannel, finished);
    ThreadStates.awaitWaiting(drainThread(f, finishedChannel));
    f.force("{\"last\":true}");
    f.finish();
    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(finishedChannel.got).containsExactly("{\"last\":true}");
    assertThat(finishedChannel.onClose).as("the close action forgotten").isEmpty();

    Channel slowChannel = new Channel(true);
    CountDownLatch overflowed = new CountDownLatch(1);
    WatchQueue o = start(slowChannel, overflowed);
    ThreadStates.awaitWaiting(drainThread(o, slowChannel));
    assertThat(o.offer("x".repeat(2048))).isFalse();   // past the 1 KiB bound
    assertThat(overflowed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(slowChannel.got).containsExactly("{\"farewell\":true}");
    assertThat(slowChannel.onClose).as("the close action forgotten").isEmpty();
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
}
