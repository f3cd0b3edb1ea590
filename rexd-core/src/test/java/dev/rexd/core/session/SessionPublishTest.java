package dev.rexd.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.RexdEvents;
import dev.rexd.api.console.ConsoleMethods;
import dev.rexd.api.console.ExecStartedEvent;
import dev.rexd.api.exec.ExecExitEvent;
import dev.rexd.core.Limits;
import dev.rexd.core.policy.RootPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events and output frames reach every subscribed channel; output is encoded only when someone
 * listens; an owner watching its own session gets the lifecycle events in line with the rest.
 */
class SessionPublishTest {
  @TempDir Path root;

  /** Records what it is given, as text, and how; closed after {@code open} deliveries. */
  private static final class Channel implements EventChannel {
    final List<String> frames = new CopyOnWriteArrayList<>();
    final AtomicInteger utf8 = new AtomicInteger();
    private final int open;

    Channel(int open) {
      this.open = open;
    }

    @Override
    public boolean deliver(String frame) {
      if (frames.size() >= open) {
        return false;
      }
      frames.add(frame);
      return true;
    }

    @Override
    public boolean deliverUtf8(byte[] frame) {
      utf8.incrementAndGet();
      return deliver(new String(frame, StandardCharsets.UTF_8));
    }

    /** Whether {@link #offer} finds room. */
    volatile boolean room = true;

    @Override
    public boolean offer(String frame) {
      return room && deliver(frame);
    }

    @Override
    public boolean isOpen() {
      return frames.size() < open;
    }
  }

  /** A watcher's queue that only records what it is offered (its drain has not run yet). */
  private record Watcher(Channel channel, List<String> offered) implements SessionWatcher {
    Watcher(Channel channel) {
      this(channel, new CopyOnWriteArrayList<>());
    }

    @Override
    public boolean offer(String frame) {
      return offered.add(frame);
    }

    @Override
    public boolean offerOutput(@Nullable OutputTag tag, byte[] frame) {
      return offered.add(new String(frame, StandardCharsets.UTF_8));
    }
  }

  private static final ExecStartedEvent STARTED =
      new ExecStartedEvent("s1", "p_1", List.of("echo", "hi"), null, "/", "2026-12-05T22:00:00Z", "bot");

  private Session session(List<Object> observed) {
    return new Session("s1", "t", null, RootPolicy.of(List.of(root)), Limits.defaults(),
        (s, event, params) -> observed.add(event));
  }

  @Test
  void outputIsNotEncodedWithoutASubscriberAndNotShownToTheObserver() throws Exception {
    List<Object> observed = new CopyOnWriteArrayList<>();
    Session s = session(observed);
    AtomicInteger encoded = new AtomicInteger();
    s.publishOutput(() -> {
      encoded.incrementAndGet();
      return new byte[0];
    });
    assertThat(encoded).hasValue(0);

    Channel a = new Channel(Integer.MAX_VALUE);
    s.subscribe(a);
    s.publishOutput(() -> {
      encoded.incrementAndGet();
      return "{\"x\":1}".getBytes(StandardCharsets.UTF_8);
    });
    assertThat(encoded).hasValue(1);
    assertThat(a.frames).containsExactly("{\"x\":1}");
    assertThat(a.utf8).hasValue(1);
    assertThat(observed).isEmpty();
  }

  @Test
  void everyChannelGetsTheSameFrameInOrderAndAClosedOneIsDropped() throws Exception {
    List<Object> observed = new CopyOnWriteArrayList<>();
    Session s = session(observed);
    Channel a = new Channel(Integer.MAX_VALUE);
    Channel b = new Channel(1);
    s.subscribe(a);
    s.subscribe(b);
    s.publishOutput(() -> "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    s.publish(RexdEvents.EXEC_EXIT, new ExecExitEvent("s1", "p_1", 0, null, false, 1, 0, 0, false));
    s.publishOutput(() -> "{\"n\":3}".getBytes(StandardCharsets.UTF_8));
    assertThat(a.frames).hasSize(3);
    assertThat(a.frames.get(0)).isEqualTo("{\"n\":1}");
    assertThat(a.frames.get(1)).contains("\"method\":\"exec.exit\"");
    assertThat(b.frames).containsExactly("{\"n\":1}");
    assertThat(b.utf8).hasValue(1);
    assertThat(observed).containsExactly(RexdEvents.EXEC_EXIT);
  }

  @Test
  void anOwnerWatchingItsOwnSessionGetsExecStartedOnItsChannelBeforeTheOutput() throws Exception {
    Session s = session(new CopyOnWriteArrayList<>());
    Channel owner = new Channel(Integer.MAX_VALUE);
    Watcher ownersWatch = new Watcher(owner);
    Watcher viewersWatch = new Watcher(new Channel(Integer.MAX_VALUE));
    s.subscribe(owner);
    s.watch(ownersWatch);
    s.watch(viewersWatch);

    s.publishToWatchers(ConsoleMethods.EXEC_STARTED, STARTED);
    s.publishOutput(() -> "{\"out\":1}".getBytes(StandardCharsets.UTF_8));

    assertThat(owner.frames).hasSize(2);
    assertThat(owner.frames.get(0)).contains("\"method\":\"exec.started\"");
    assertThat(owner.frames.get(1)).isEqualTo("{\"out\":1}");
    assertThat(ownersWatch.offered()).as("nothing twice").isEmpty();
    assertThat(viewersWatch.offered()).hasSize(2);
    assertThat(viewersWatch.offered().get(0)).contains("\"method\":\"exec.started\"");
    assertThat(viewersWatch.channel().frames).as("a viewer's events go through its queue").isEmpty();
  }

  @Test
  void whenTheOwnersChannelHasNoRoomTheLifecycleEventGoesThroughItsWatcher() throws Exception {
    Session s = session(new CopyOnWriteArrayList<>());
    Channel owner = new Channel(Integer.MAX_VALUE);
    owner.room = false;
    Watcher ownersWatch = new Watcher(owner);
    s.subscribe(owner);
    s.watch(ownersWatch);

    s.publishToWatchers(ConsoleMethods.EXEC_STARTED, STARTED);

    assertThat(owner.frames).isEmpty();
    assertThat(ownersWatch.offered()).singleElement().asString().contains("\"method\":\"exec.started\"");
    assertThat(s.hasWatchers()).isTrue();
  }
}
