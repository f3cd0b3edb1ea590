package dev.rexd.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.exec.ExecOutputEvent;
import dev.rexd.api.exec.StreamName;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.pty.PtyOutputEvent;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcNotification;
import dev.rexd.api.rpc.OutputEventFrames;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutputEventFramesTest {
  private static final String SID = "sess_0123456789abcdef";

  /** Every ASCII byte (controls, quote, backslash, slash, DEL) and 2-, 3- and 4-byte characters. */
  private static byte[] awkwardText() {
    StringBuilder s = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      s.append(c);
    }
    s.append("grüße — 日本語 🚀 \u2028\u2029 \uFEFF end\n");
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** What the tree path makes of the same event: record, tree, String, then UTF-8. */
  private static byte[] viaTree(String method, Object params) {
    String frame = JsonRpcCodec.encode(new JsonRpcNotification(method, RexdJson.mapper().valueToTree(params)));
    return frame.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anExecFrameIsByteForByteTheTreePathsFrame() {
    byte[] text = awkwardText();
    assertThat(OutputEventFrames.exec(StreamName.STDOUT, SID, "p_1", 1, text, Encoding.UTF8))
        .isEqualTo(viaTree("exec.stdout", new ExecOutputEvent(SID, "p_1", 1,
            new String(text, StandardCharsets.UTF_8), Encoding.UTF8)));

    byte[] random = new byte[70_001];
    new Random(7).nextBytes(random);
    assertThat(OutputEventFrames.exec(StreamName.STDERR, SID, "p_2", Long.MAX_VALUE, random, Encoding.BASE64))
        .isEqualTo(viaTree("exec.stderr", new ExecOutputEvent(SID, "p_2", Long.MAX_VALUE,
            Base64.getEncoder().encodeToString(random), Encoding.BASE64)));
  }

  @Test
  void aPtyFrameIsByteForByteTheTreePathsFrame() {
    byte[] text = awkwardText();
    assertThat(OutputEventFrames.pty(SID, "t_1", "p_3", 42, text, Encoding.UTF8))
        .isEqualTo(viaTree("pty.output", new PtyOutputEvent(SID, "t_1", "p_3", 42,
            new String(text, StandardCharsets.UTF_8), Encoding.UTF8)));
    byte[] bytes = {(byte) 0xff, 0, 1, 2};
    assertThat(OutputEventFrames.pty(SID, "t_1", "p_3", 43, bytes, Encoding.BASE64))
        .isEqualTo(viaTree("pty.output", new PtyOutputEvent(SID, "t_1", "p_3", 43,
            Base64.getEncoder().encodeToString(bytes), Encoding.BASE64)));
  }

  @Test
  void escapesAreFoundWhereverTheyFallInAWordOfEightBytes() {
    String[] alphabet = {"a", "\"", "\\", "\n", "\u0001", "\u001f", " ", "é", "日", "🚀", "/", "\u007f"};
    Random random = new Random(11);
    for (int i = 0; i < 2000; i++) {
      StringBuilder s = new StringBuilder();
      for (int n = random.nextInt(40); n > 0; n--) {
        s.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String text = s.toString();
      assertThat(OutputEventFrames.exec(StreamName.STDOUT, "s\"1", "p\n2", i, text.getBytes(StandardCharsets.UTF_8),
          Encoding.UTF8)).as(text).isEqualTo(viaTree("exec.stdout", new ExecOutputEvent("s\"1", "p\n2", i, text,
              Encoding.UTF8)));
    }
  }

  @Test
  void emptyDataIsAnEmptyString() {
    assertThat(new String(OutputEventFrames.exec(StreamName.STDOUT, SID, "p_1", 3, new byte[0], Encoding.BASE64),
        StandardCharsets.UTF_8)).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"exec.stdout\",\"params\":{\"session_id\":\""
            + SID + "\",\"process_id\":\"p_1\",\"seq\":3,\"data\":\"\",\"encoding\":\"base64\"}}");
  }
}
