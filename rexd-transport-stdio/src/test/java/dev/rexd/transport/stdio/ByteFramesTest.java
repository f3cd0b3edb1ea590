package dev.rexd.transport.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.transport.Transport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Frames sent as bytes are written as they are and arrive as bytes; text listeners still get text. */
class ByteFramesTest {
  private static final byte[] FRAME = "{\"data\":\"grüße 🚀\"}".getBytes(StandardCharsets.UTF_8);

  /** Queues every frame as "bytes:" or "text:" plus its text, and "end" when the channel ends. */
  private static final class Inbox implements Transport.Listener {
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final boolean readsBytes;

    Inbox(boolean readsBytes) {
      this.readsBytes = readsBytes;
    }

    @Override
    public void onFrame(String json) {
      frames.add("text:" + json);
    }

    @Override
    public void onFrame(byte[] utf8, int off, int len) {
      if (readsBytes) {
        frames.add("bytes:" + new String(Arrays.copyOfRange(utf8, off, off + len), StandardCharsets.UTF_8));
      } else {
        Transport.Listener.super.onFrame(utf8, off, len);
      }
    }

    @Override
    public void onClosed(@Nullable Throwable cause) {
      frames.add("end");
    }

    String next() throws InterruptedException {
      String f = frames.poll(10, TimeUnit.SECONDS);
      assertThat(f).as("a frame within 10 s").isNotNull();
      return f;
    }
  }

  @Test
  void aStreamWritesByteFramesAsTheyAreEachOnItsOwnLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamTransport t = new StreamTransport(new ByteArrayInputStream(new byte[0]), out, 1 << 20, null);
    t.sendUtf8(FRAME).join();
    t.send("{\"b\":2}").join();
    t.sendUtf8(FRAME).join();
    String text = new String(FRAME, StandardCharsets.UTF_8);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(text + "\n{\"b\":2}\n" + text + "\n");
  }

  @Test
  void aStreamHandsEachLineToAByteListenerAsBytesAndToATextListenerAsText() throws Exception {
    byte[] input = ("{\"a\":1}\r\n\n" + new String(FRAME, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
    for (boolean readsBytes : new boolean[] {true, false}) {
      Inbox inbox = new Inbox(readsBytes);
      new StreamTransport(new ByteArrayInputStream(input), new ByteArrayOutputStream(), 1 << 20, null).start(inbox);
      String kind = readsBytes ? "bytes:" : "text:";
      assertThat(inbox.next()).isEqualTo(kind + "{\"a\":1}");
      assertThat(inbox.next()).isEqualTo(kind + new String(FRAME, StandardCharsets.UTF_8));
      assertThat(inbox.next()).isEqualTo("end");
    }
  }

  @Test
  void anInMemoryPairKeepsTheFormAFrameWasSentIn() throws Exception {
    InMemoryTransport[] pair = InMemoryTransport.pair(4);
    Inbox inbox = new Inbox(true);
    pair[1].start(inbox);
    pair[0].sendUtf8(FRAME).join();
    pair[0].send("{\"b\":2}").join();
    pair[0].close();
    assertThat(inbox.next()).isEqualTo("bytes:" + new String(FRAME, StandardCharsets.UTF_8));
    assertThat(inbox.next()).isEqualTo("text:{\"b\":2}");
    assertThat(inbox.next()).isEqualTo("end");
  }
}
