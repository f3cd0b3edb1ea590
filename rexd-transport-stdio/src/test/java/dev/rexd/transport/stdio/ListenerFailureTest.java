package dev.rexd.transport.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.transport.Transport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A listener that fails on a frame ends the channel with that failure, whatever it threw. */
class ListenerFailureTest {

  @Test
  void anErrorThrownByTheListenerStillReportsTheEnd() throws Exception {
    assertThat(endAfterFailing(new LinkageError("a class is missing"))).isInstanceOf(LinkageError.class)
        .hasMessage("a class is missing");
  }

  @Test
  void aRuntimeExceptionThrownByTheListenerReportsTheEnd() throws Exception {
    assertThat(endAfterFailing(new IllegalStateException("broken"))).isInstanceOf(IllegalStateException.class);
  }

  /** What {@code onClosed} hears after the listener threw {@code failure} on the first frame. */
  private static @Nullable Throwable endAfterFailing(Throwable failure) throws Exception {
    byte[] input = "{\"a\":1}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8);
    StreamTransport t = new StreamTransport(new ByteArrayInputStream(input), new ByteArrayOutputStream(), 1 << 20,
        null);
    CompletableFuture<@Nullable Throwable> ended = new CompletableFuture<>();
    t.start(new Transport.Listener() {
      @Override
      public void onFrame(String json) {
        if (failure instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) failure;
      }

      @Override
      public void onClosed(@Nullable Throwable cause) {
        ended.complete(cause);
      }
    });
    return ended.get(10, TimeUnit.SECONDS);
  }
}
