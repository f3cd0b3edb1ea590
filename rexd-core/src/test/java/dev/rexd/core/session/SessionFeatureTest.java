package dev.rexd.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.core.Limits;
import dev.rexd.core.policy.RootPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A feature is either created before close (and closed by it) or refused: never left open. */
class SessionFeatureTest {
  @TempDir Path root;

  @Test
  void aFeatureCreatedConcurrentlyWithCloseIsClosedOrRefused() throws Exception {
    for (int i = 0; i < 300; i++) {
      Session s = new Session("s" + i, "test", null, RootPolicy.of(List.of(root)), Limits.defaults());
      AtomicInteger created = new AtomicInteger();
      AtomicInteger closed = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      Thread creator = new Thread(() -> {
        try {
          go.await();
          s.feature(SessionFeature.class, () -> {
            created.incrementAndGet();
            return closed::incrementAndGet;
          });
        } catch (RexdException refused) {
          assertThat(refused.reason()).isEqualTo(Reasons.SESSION_NOT_FOUND);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      creator.start();
      go.countDown();
      s.close();
      creator.join();
      assertThat(closed.get()).as("round " + i).isEqualTo(created.get());
    }
  }

  @Test
  void afterCloseNoFeatureIsCreated() {
    Session s = new Session("s", "test", null, RootPolicy.of(List.of(root)), Limits.defaults());
    s.close();
    assertThatThrownBy(() -> s.feature(SessionFeature.class, () -> () -> { }))
        .isInstanceOfSatisfying(RexdException.class, e -> assertThat(e.reason()).isEqualTo(Reasons.SESSION_NOT_FOUND));
  }

  @Test
  void featuresThatRunProcessesCloseBeforeTheOthers() {
    Session s = new Session("s", "test", null, RootPolicy.of(List.of(root)), Limits.defaults());
    List<String> order = new CopyOnWriteArrayList<>();
    // created before the process table, as a sandbox's /tmp or a recording may be
    add(s, new Recorded(order, "held-1", false) { });
    add(s, new Recorded(order, "held-2", false) { });
    add(s, new Recorded(order, "held-3", false) { });
    add(s, new Recorded(order, "runner", true) { });
    add(s, new Recorded(order, "held-4", false) { });
    s.close();
    assertThat(order).hasSize(5).first().isEqualTo("runner");
  }

  /** Adds {@code f} under its own (anonymous) class, so each one is a feature of its own. */
  @SuppressWarnings("unchecked")
  private static void add(Session s, Recorded f) {
    s.feature((Class<Recorded>) f.getClass(), () -> f);
  }

  /** A feature that records when it closed. */
  private static class Recorded implements SessionFeature {
    private final List<String> order;
    private final String name;
    private final boolean runsProcesses;

    Recorded(List<String> order, String name, boolean runsProcesses) {
      this.order = order;
      this.name = name;
      this.runsProcesses = runsProcesses;
    }

    @Override
    public boolean runsProcesses() {
      return runsProcesses;
    }

    @Override
    public void close() {
      order.add(name);
    }
  }
}
