package dev.rexd.core.watch;

import dev.rexd.core.process.ProcessReplay;
import dev.rexd.core.session.EventChannel;
import dev.rexd.core.session.OutputTag;
import dev.rexd.core.session.SessionWatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One watcher's bounded queue in front of its connection: publishers offer frames without ever
 * blocking; a daemon thread hands them on to the connection (which may block on a slow peer).
 * When an offer does not fit within {@code maxBytes}, the queue refuses it and every later one,
 * sends what it already holds, then the farewell frame ({@code session.unwatched}, reason
 * {@code slow}), and stops: the peer sees where its stream ended, never a silent gap.
 *
 * <pre>{@code
 * WatchQueue q = WatchQueue.start(connection, 8 << 20, unwatchedFrame, () -> registry.forget(key));
 * session.watch(q);
 * }</pre>
 */
final class WatchQueue implements SessionWatcher {
  private static final System.Logger LOG = System.getLogger(WatchQueue.class.getName());
  private static final AtomicLong IDS = new AtomicLong();
  /** Queued to wake the drain when the queue's state changed; never delivered. */
  private static final Object WAKE = new Object();
  /** How often the drain looks at a channel that cannot tell when it closes. */
  private static final long CHANNEL_CHECK_MILLIS = 100;

  private final EventChannel channel;
  private final long maxBytes;
  private final @Nullable String farewell;
  private final Runnable onStop;
  private final LinkedBlockingQueue<Object> frames = new LinkedBlockingQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private final AtomicBoolean finishing = new AtomicBoolean();
  private volatile boolean stopped;
  /** While a replay is being queued, live frames wait here, so the replay goes first. */
  private final Object holdLock = new Object();
  private @Nullable List<Object[]> held;
  /** Per stream ({@link OutputTag#streamKey()}), the last {@code seq} a replay sent. */
  private final Map<String, Long> replayed = new ConcurrentHashMap<>();

  private WatchQueue(EventChannel channel, long maxBytes, @Nullable String farewell, Runnable onStop) {
    this.channel = channel;
    this.maxBytes = maxBytes;
    this.farewell = farewell;
    this.onStop = onStop;
  }

  /**
   * A queue draining into {@code channel}; {@code farewell} is sent after an overflow (none when
   * null); {@code onStop} runs once when the queue stops for any reason.
   */
  static WatchQueue start(EventChannel channel, long maxBytes, @Nullable String farewell, Runnable onStop) {
    WatchQueue q = new WatchQueue(channel, maxBytes, farewell, onStop);
    Runnable forgetClose = channel.whenClosed(q::wake);
    Thread t = new Thread(() -> q.drain(forgetClose), "rexd-watch-" + IDS.incrementAndGet());
    t.setDaemon(true);
    t.start();
    return q;
  }

  @Override
  public boolean offer(String frame) {
    return live(null, frame, frame.length());
  }

  @Override
  public boolean offerOutput(@Nullable OutputTag tag, byte[] frame) {
    return live(tag, frame, frame.length);
  }

  @Override
  public EventChannel channel() {
    return channel;
  }

  /**
   * Holds live frames back until {@link #replay} has queued the retained output, so a replay goes
   * first. Call before the queue is attached to the session.
   */
  void holdLive() {
    synchronized (holdLock) {
      held = new ArrayList<>();
    }
  }

  /**
   * Queues the replayed frames, remembers the last {@code seq} of each stream, then lets the held
   * live frames follow, skipping those the replay already carried.
   */
  void replay(List<ProcessReplay.Frame> frames) {
    for (ProcessReplay.Frame f : frames) {
      replayed.merge(f.tag().streamKey(), f.tag().seq(), Math::max);
      force(f.frame());
    }
    synchronized (holdLock) {
      List<Object[]> waiting = held;
      held = null;
      if (waiting != null) {
        for (Object[] w : waiting) {
          add((OutputTag) w[0], w[1], (Integer) w[2]);
        }
      }
    }
  }

  private boolean live(@Nullable OutputTag tag, Object frame, int size) {
    synchronized (holdLock) {
      if (held != null) {
        held.add(new Object[] {tag, frame, size});
        return true;
      }
    }
    return add(tag, frame, size);
  }

  /** Queues a frame even past the bound (replay, the last lifecycle event); false once stopped. */
  boolean force(String frame) {
    if (stopped || overflowed.get()) {
      return false;
    }
    queuedBytes.addAndGet(frame.length());
    frames.add(frame);
    return true;
  }

  /** Sends what is queued, then stops (the watched session closed). */
  void finish() {
    finishing.set(true);
    wake();
  }

  /** Stops at once, dropping what is queued (unwatch, connection gone). */
  void stop() {
    stopped = true;
    wake();
  }

  private void wake() {
    frames.add(WAKE);
  }

  private boolean add(@Nullable OutputTag tag, Object frame, int size) {
    if (stopped || overflowed.get() || finishing.get()) {
      return false;
    }
    if (tag != null) {
      Long last = replayed.get(tag.streamKey());
      if (last != null && tag.seq() <= last) {
        return true;   // the replay carried it
      }
    }
    if (queuedBytes.addAndGet(size) > maxBytes) {
      queuedBytes.addAndGet(-size);
      overflowed.set(true);
      wake();
      return false;
    }
    frames.add(frame);
    return true;
  }

  /**
   * Hands frames on until the queue stops, finishes or overflows, or the channel closes. It sleeps
   * while there is nothing to do: every change of state queues a {@link #WAKE}, and so does the
   * channel's closing when it can tell (then {@code forgetClose} is not null, and is run when the
   * drain ends); otherwise the channel is looked at every {@value #CHANNEL_CHECK_MILLIS} ms.
   */
  private void drain(@Nullable Runnable forgetClose) {
    boolean told = forgetClose != null;
    try {
      while (!stopped && channel.isOpen()) {
        Object f = frames.poll();
        if (f == null) {
          if (overflowed.get()) {
            if (farewell != null) {
              channel.deliver(farewell);
            }
            return;
          }
          if (finishing.get()) {
            return;
          }
          f = told ? frames.take() : frames.poll(CHANNEL_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
        if (f == null || f == WAKE) {
          continue;
        }
        if (f instanceof byte[] bytes) {
          queuedBytes.addAndGet(-bytes.length);
          channel.deliverUtf8(bytes);
        } else {
          String s = (String) f;
          queuedBytes.addAndGet(-s.length());
          channel.deliver(s);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "watch queue failed", e);
    } finally {
      stopped = true;
      if (forgetClose != null) {
        forgetClose.run();
      }
      frames.clear();
      onStop.run();
    }
  }
}
