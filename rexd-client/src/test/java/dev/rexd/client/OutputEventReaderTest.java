package dev.rexd.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.Encoding;
import dev.rexd.api.exec.StreamName;
import dev.rexd.api.rpc.OutputEventFrames;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Output events read from bytes and from text, against the server's own frames and odd ones. */
class OutputEventReaderTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads {@code frame} from the middle of a larger array (so offsets matter), and as text. */
  private static OutputEventReader.Output readBothWays(byte[] frame) {
    byte[] padded = new byte[frame.length + 20];
    Arrays.fill(padded, (byte) '"');
    System.arraycopy(frame, 0, padded, 11, frame.length);
    OutputEventReader.Output fromBytes = OutputEventReader.read(padded, 11, frame.length);
    OutputEventReader.Output fromText = OutputEventReader.read(new String(frame, StandardCharsets.UTF_8));
    assertThat(fromBytes).isEqualTo(fromText);
    return fromBytes;
  }

  @Test
  void readsTheServersFramesBackToTheSameBytes() {
    Random random = new Random(3);
    StringBuilder text = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      text.append(c);
    }
    text.append("grüße — 日本語 🚀 \u2028 end\n".repeat(50));
    byte[] textBytes = utf8(text.toString());
    byte[] randomBytes = new byte[65_537];
    random.nextBytes(randomBytes);

    OutputEventReader.Output out = readBothWays(
        OutputEventFrames.exec(StreamName.STDERR, "s1", "p_1", 7, textBytes, Encoding.UTF8));
    assertThat(out.routeKey()).isEqualTo("exec:p_1");
    assertThat(out.chunk()).isEqualTo(new Chunk(StreamName.STDERR, 7, textBytes));

    out = readBothWays(OutputEventFrames.pty("s1", "t_1", "p_2", 9, randomBytes, Encoding.BASE64));
    assertThat(out.routeKey()).isEqualTo("pty:t_1");
    assertThat(out.chunk()).isEqualTo(new Chunk(StreamName.STDOUT, 9, randomBytes));
  }

  @Test
  void decodesEveryEscapeAnotherServerMightWrite() {
    String frame = "{ \"params\" : {\"encoding\":\"utf8\",\"extra\":{\"a\":[1,{\"data\":\"x\"}]},"
        + "\"data\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20ac\\ud83d\\ude80\\ud800x\\udc00\","
        + "\"seq\":1,\"process_id\":\"p\"}, \"method\":\"exec.stdout\", \"jsonrpc\":\"2.0\"}";
    OutputEventReader.Output out = readBothWays(utf8(frame));
    assertThat(out.chunk().bytes()).isEqualTo(utf8("a\"b\\c/d\b\f\n\r\tAé€🚀?x?"));
  }

  @Test
  void base64WithAnEscapedSlashIsStillDecoded() {
    String frame = "{\"jsonrpc\":\"2.0\",\"method\":\"exec.stdout\",\"params\":{\"process_id\":\"p\",\"seq\":2,"
        + "\"data\":\"\\/\\/8=\",\"encoding\":\"base64\"}}";
    assertThat(readBothWays(utf8(frame)).chunk().bytes()).isEqualTo(new byte[] {(byte) 0xff, (byte) 0xff});
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ok\":true}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"exec.exit\",\"params\":{\"process_id\":\"p\"}}",
    "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"exec.stdout\",\"params\":{\"process_id\":\"p\",\"seq\":1,"
        + "\"data\":\"x\",\"encoding\":\"utf8\"}}",
    "{\"jsonrpc\":\"1.0\",\"method\":\"exec.stdout\",\"params\":{\"process_id\":\"p\",\"seq\":1,"
        + "\"data\":\"x\",\"encoding\":\"utf8\"}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"exec.stdout\",\"params\":{\"process_id\":\"p\",\"seq\":\"1\","
        + "\"data\":\"x\",\"encoding\":\"utf8\"}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"exec.stdout\",\"params\":{\"process_id\":\"p\",\"seq\":1,"
        + "\"data\":\"x\",\"encoding\":\"utf16\"}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"exec.stdout\",\"params\":{\"process_id\":\"p\",\"seq\":1,"
        + "\"data\":\"not base64!\",\"encoding\":\"base64\"}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"exec.stdout\",\"params\":{\"pty_id\":\"t\",\"seq\":1,"
        + "\"data\":\"x\",\"encoding\":\"utf8\"}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"exec.stdout\",\"params\":{\"process_id\":\"p\",\"seq\":1,"
        + "\"data\":\"x\",\"encoding\":\"utf8\"}} {}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"exec.stdout\",\"params\":{\"process_id\":\"p\",\"seq\":1,"
        + "\"data\":\"x\",\"encoding\":\"utf8\"",
    "[1,2]",
    "{\"jsonrpc\":\"2.0\",\"method\":\"exec.stdout\",\"params\":{\"process_id\":\"p\",\"seq\":1,"
        + "\"data\":{\"data\":\"x\",\"encoding\":\"utf8\"}}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"exec.stdout\",\"params\":{\"process_id\":{\"seq\":1,\"data\":\"x\","
        + "\"encoding\":\"utf8\"}}}",
  })
  void anythingElseIsLeftToTheTreePath(String frame) {
    assertThat(OutputEventReader.read(utf8(frame), 0, utf8(frame).length)).isNull();
    assertThat(OutputEventReader.read(frame)).isNull();
  }
}
