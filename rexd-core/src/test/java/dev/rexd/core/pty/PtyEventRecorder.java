package dev.rexd.core.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.rexd.api.json.RexdJson;
import dev.rexd.api.pty.PtyExitEvent;
import dev.rexd.api.pty.PtyOutputEvent;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.core.session.EventChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A test {@link EventChannel}: decodes every frame and queues it per terminal. With a capacity,
 * each terminal's queue is bounded, so an idle test thread makes {@code deliver} block like a slow
 * connection does.
 */
final class PtyEventRecorder implements EventChannel {
  private static final long TIMEOUT_SECONDS = 30;

  private final int capacity;
  private final Map<String, BlockingQueue<Event>> byPty = new ConcurrentHashMap<>();
  private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();

  PtyEventRecorder() {
    this(Integer.MAX_VALUE);
  }

  PtyEventRecorder(int capacity) {
    this.capacity = capacity;
  }

  /** One decoded notification. */
  record Event(String method, JsonNode params) {
    boolean isExit() {
      return method.equals("pty.exit");
    }

    PtyOutputEvent output() {
      assertThat(method).isEqualTo("pty.output");
      return RexdJson.mapper().treeToValue(params, PtyOutputEvent.class);
    }

    PtyExitEvent exit() {
      assertThat(method).isEqualTo("pty.exit");
      return RexdJson.mapper().treeToValue(params, PtyExitEvent.class);
    }
  }

  /** What a terminal sent after the last read: its output bytes in order, its last seq, its exit. */
  record Transcript(byte[] bytes, long lastSeq, PtyExitEvent exit) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  @Override
  public boolean deliver(String frame) throws InterruptedException {
    JsonNode node = JsonRpcCodec.parse(frame);
    JsonNode params = node.get("params");
    queue(params.get("pty_id").asString()).put(new Event(node.get("method").asString(), params));
    return true;
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  /** The next event of this terminal, failing the test after 30 s. */
  Event next(String ptyId) throws InterruptedException {
    Event e = queue(ptyId).poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (e == null) {
      fail("no event for " + ptyId + " within " + TIMEOUT_SECONDS + " s");
    }
    return e;
  }

  /** Events of this terminal received and not taken yet. */
  int pending(String ptyId) {
    return queue(ptyId).size();
  }

  /** Reads output until it contains {@code expected}; fails if the terminal exits first. */
  void readUntil(String ptyId, String expected) throws InterruptedException {
    readUntil(ptyId, Pattern.compile(Pattern.quote(expected)));
  }

  /**
   * Reads output (as ISO-8859-1 text, one char per byte) until {@code pattern} is found in it;
   * the match. Fails if the terminal exits first.
   */
  Matcher readUntil(String ptyId, Pattern pattern) throws InterruptedException {
    StringBuilder text = new StringBuilder();
    Matcher m = pattern.matcher(text);
    while (!m.find()) {
      Event e = next(ptyId);
      if (e.isExit()) {
        fail("terminal exited before printing " + pattern + "; it printed: " + text);
      }
      text.append(new String(bytesOf(ptyId, e), StandardCharsets.ISO_8859_1));
      m = pattern.matcher(text.toString());
    }
    return m;
  }

  /** Output until {@code pty.exit}. */
  Transcript untilExit(String ptyId) throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    while (true) {
      Event e = next(ptyId);
      if (e.isExit()) {
        return new Transcript(bytes.toByteArray(), lastSeq.getOrDefault(ptyId, 0L), e.exit());
      }
      bytes.writeBytes(bytesOf(ptyId, e));
    }
  }

  /** The bytes of an output event, checking that seq grows by one from 1 and the ids match. */
  byte[] bytesOf(String ptyId, Event e) {
    PtyOutputEvent out = e.output();
    assertThat(out.ptyId()).isEqualTo(ptyId);
    long expected = lastSeq.getOrDefault(ptyId, 0L) + 1;
    assertThat(out.seq()).as("seq of " + ptyId).isEqualTo(expected);
    lastSeq.put(ptyId, expected);
    return out.encoding().decode(out.data());
  }

  private BlockingQueue<Event> queue(String ptyId) {
    return byPty.computeIfAbsent(ptyId, k -> new LinkedBlockingQueue<>(capacity));
  }
}
