package dev.rexd.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.exec.StreamName;
import dev.rexd.api.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * How a process catches up after a reconnect, against scripted servers: what the server still has
 * arrives once and in order, live chunks that overtake it wait, and what it no longer has is an
 * {@link OutputGap}.
 */
@Timeout(30)
class ReconnectCatchUpTest {
  private final ScriptedServer first = new ScriptedServer();
  private final ScriptedServer second = new ScriptedServer();
  private final Droppable firstLink = new Droppable(first.clientEnd());
  private final BlockingQueue<String> chunks = new LinkedBlockingQueue<>();
  private final List<OutputGap> gaps = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Integer> reconnects = new LinkedBlockingQueue<>();
  private RexdClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    first.close();
    second.close();
  }

  /** Opens a session on the first server, starts {@code p1} and delivers its first chunk, then drops the link. */
  private RemoteProcess startAndDrop() throws Exception {
    Deque<Transport> links = new ArrayDeque<>(List.of(firstLink, second.clientEnd()));
    client = RexdClient.builder().connector(links::pop)
        .reconnect(ReconnectPolicy.backoff(Duration.ZERO, Duration.ZERO, 1))
        .eventListener(new RexdEventListener() {
          @Override
          public void reconnected(int attempts) {
            reconnects.add(attempts);
          }
        })
        .build();
    CompletableFuture<RexdSession> session = CompletableFuture.supplyAsync(() -> client.openSession("x"));
    first.openSession(Map.of());
    RexdSession s = session.get(10, TimeUnit.SECONDS);
    CompletableFuture<RemoteProcess> started = CompletableFuture.supplyAsync(() -> s.exec("build")
        .onStdout(c -> chunks.add(c.seq() + ":" + c.text()))
        .onGap(gaps::add)
        .start());
    JsonNode start = first.nextRequest();
    assertThat(start.get("method").asString()).isEqualTo("exec.start");
    first.respond(start, Map.of("process_id", "p1", "started_at", "2026-01-01T00:00:00Z"));
    RemoteProcess p = started.get(10, TimeUnit.SECONDS);
    first.event("exec.stdout", output(1, "a"));
    assertThat(chunks.poll(10, TimeUnit.SECONDS)).isEqualTo("1:a");
    firstLink.drop();
    JsonNode attach = second.nextRequest();
    assertThat(attach.get("method").asString()).isEqualTo("session.info");
    assertThat(attach.get("params").get("session_id").asString()).isEqualTo("s1");
    second.respond(attach, Map.of("session_id", "s1"));
    return p;
  }

  private static Map<String, Object> output(long seq, String data) {
    return Map.of("session_id", "s1", "process_id", "p1", "seq", seq, "data", data, "encoding", "utf8");
  }

  private static Map<String, Object> retained(StreamName stream, long seq, String data) {
    return Map.of("stream", stream == StreamName.STDOUT ? "stdout" : "stderr", "seq", seq, "data", data,
        "encoding", "utf8");
  }

  private JsonNode expectOutputRequest(String stream, long afterSeq) throws InterruptedException {
    JsonNode r = second.nextRequest();
    assertThat(r.get("method").asString()).isEqualTo("exec.output");
    assertThat(r.get("params").get("stream").asString()).isEqualTo(stream);
    assertThat(r.get("params").get("after_seq").asLong()).isEqualTo(afterSeq);
    return r;
  }

  @Test
  void whatTheServerStillHasArrivesOnceAndLiveChunksThatOvertakeItWait() throws Exception {
    RemoteProcess p = startAndDrop();
    JsonNode out = expectOutputRequest("stdout", 1);
    second.event("exec.stdout", output(4, "d"));       // live, ahead of the catching up
    second.respond(out, Map.of("process_id", "p1", "status", "running",
        "chunks", List.of(retained(StreamName.STDOUT, 1, "a"), retained(StreamName.STDOUT, 2, "b"),
            retained(StreamName.STDOUT, 3, "c")),
        "first_seq", Map.of("stdout", 1, "stderr", 1)));
    JsonNode err = expectOutputRequest("stderr", 0);
    second.event("exec.exit", Map.of("session_id", "s1", "process_id", "p1", "exit_code", 0, "timed_out", false,
        "duration_ms", 5, "bytes_stdout", 4, "bytes_stderr", 0, "truncated", false));
    second.respond(err, Map.of("process_id", "p1", "status", "exited", "chunks", List.of(),
        "first_seq", Map.of("stdout", 1, "stderr", 1)));
    ExitStatus exit = p.waitFor();
    assertThat(exit.exitCode()).isZero();
    assertThat(exit.durationMs()).isEqualTo(5);
    List<String> rest = new ArrayList<>();
    chunks.drainTo(rest);
    assertThat(rest).containsExactly("2:b", "3:c", "4:d");
    assertThat(gaps).isEmpty();
    assertThat(reconnects.poll(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(client.isOpen()).isTrue();
  }

  @Test
  void outputTheServerNoLongerHasIsAGapAndAnExitWhileAwayComesFromExecWait() throws Exception {
    RemoteProcess p = startAndDrop();
    second.respond(expectOutputRequest("stdout", 1), Map.of("process_id", "p1", "status", "exited",
        "chunks", List.of(retained(StreamName.STDOUT, 5, "e"), retained(StreamName.STDOUT, 6, "f")),
        "first_seq", Map.of("stdout", 5, "stderr", 1)));
    second.respond(expectOutputRequest("stderr", 0), Map.of("process_id", "p1", "status", "exited",
        "chunks", List.of(), "first_seq", Map.of("stdout", 5, "stderr", 1)));
    JsonNode wait = second.nextRequest();
    assertThat(wait.get("method").asString()).isEqualTo("exec.wait");
    second.respond(wait, Map.of("status", "exited", "exit_code", 2, "bytes_stdout", 6, "bytes_stderr", 0,
        "timed_out", false, "truncated", false));
    assertThat(p.waitFor().exitCode()).isEqualTo(2);
    List<String> rest = new ArrayList<>();
    chunks.drainTo(rest);
    assertThat(rest).containsExactly("5:e", "6:f");
    OutputGap gap = new OutputGap(StreamName.STDOUT, 2, 4);
    assertThat(gaps).containsExactly(gap);
    assertThat(p.outputGaps()).containsExactly(gap);
    assertThat(gap.chunks()).isEqualTo(3);
  }

  @Test
  void callsInFlightWhenTheLinkDropsFailAndLaterCallsGoToTheNewLink() throws Exception {
    startAndDrop();
    second.respond(expectOutputRequest("stdout", 1), Map.of("process_id", "p1", "status", "running",
        "chunks", List.of()));
    second.respond(expectOutputRequest("stderr", 0), Map.of("process_id", "p1", "status", "running",
        "chunks", List.of()));
    CompletableFuture<JsonNode> later = CompletableFuture.supplyAsync(() -> client.call("fs.stat",
        Map.of("session_id", "s1", "path", "x")));
    JsonNode stat = second.nextRequest();
    assertThat(stat.get("method").asString()).isEqualTo("fs.stat");
    second.respond(stat, Map.of("path", "/w/x", "exists", false));
    assertThat(later.get(10, TimeUnit.SECONDS).get("exists").asBoolean()).isFalse();
  }

  /** A transport the test can drop as a network failure would (the listener hears a cause). */
  private static final class Droppable implements Transport {
    private final Transport inner;
    private final AtomicReference<@Nullable Listener> listener = new AtomicReference<>();
    private volatile boolean dropped;

    Droppable(Transport inner) {
      this.inner = inner;
    }

    @Override
    public void start(Listener l) {
      listener.set(l);
      inner.start(new Listener() {
        @Override
        public void onFrame(String json) {
          if (!dropped) {
            l.onFrame(json);
          }
        }

        @Override
        public void onClosed(@Nullable Throwable cause) {
          if (!dropped) {
            l.onClosed(cause);
          }
        }
      });
    }

    void drop() {
      dropped = true;
      inner.close();
      listener.get().onClosed(new IOException("connection reset"));
    }

    @Override
    public CompletableFuture<Void> send(String frame) {
      return dropped ? CompletableFuture.failedFuture(new IOException("dropped")) : inner.send(frame);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
