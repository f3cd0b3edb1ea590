package dev.rexd.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.RexdEvents;
import dev.rexd.api.exec.ExecExitEvent;
import dev.rexd.core.Limits;
import dev.rexd.core.policy.RootPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events and output frames reach every subscribed channel; output is encoded only when someone listens. */
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

    @Override
    public boolean isOpen() {
      return frames.size() < open;
    }
  }

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
}
