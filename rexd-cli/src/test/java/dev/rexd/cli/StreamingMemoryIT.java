package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming a quarter of a gigabyte through a real {@code bin/rexd --stdio} keeps the server's
 * memory bounded: its resident set stays within its idle resident set plus 64 MB (only the
 * last {@code replay_bytes} of output are retained, the connection queues at most 512 KiB of frames,
 * and {@code bin/rexd} sizes the young generation so that frames in flight die young). Memory,
 * read from {@code /proc/PID/status}. The client reads line by line, slower than the server
 * writes, so frames do wait in the connection's queue.
 */
class StreamingMemoryIT {
  static final long STREAM_BYTES = 256L << 20;
  static final long HEADROOM_KB = 64 * 1024;
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  @TempDir Path tmp;

  @Test
  void streaming256MegabytesStaysWithinIdleRssPlus64Megabytes() throws Exception {
    Path cfg = tmp.resolve("rexd.toml");
    Files.writeString(cfg, "[limits]\nmax_output_bytes = " + (STREAM_BYTES + (1 << 20)) + "\nhard_timeout_ms = 600000\n"
        + "[[security.allowed_roots]]\npath = \"" + tmp + "\"\n");
    ProcessBuilder pb = RexdProcess.builder(List.of("--stdio", "--config", cfg.toString())).directory(tmp.toFile())
        .redirectError(tmp.resolve("stderr").toFile());
    // a missing start-up archive is made before the server starts, not by a training run in the
    // background that would compete with the stream for the CPU while it is measured
    pb.environment().put("REXD_ARCHIVE", "sync");
    Process rexd = pb.start();
    try {
      OutputStream in = rexd.getOutputStream();
      BufferedReader out = new BufferedReader(new InputStreamReader(rexd.getInputStream(), StandardCharsets.UTF_8),
          1 << 16);
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\"rss\"}}");
      String opened = untilContains(out, "\"id\":1");
      Matcher sid = Pattern.compile("\"session_id\":\"([^\"]+)\"").matcher(opened);
      assertThat(sid.find()).as(opened).isTrue();
      // warm up: the first exec loads and compiles what streaming needs
      send(in, exec(2, sid.group(1), "head -c 4000000 /dev/zero | tr '\\\\0' a"));
      untilContains(out, "\"exec.exit\"");
      long idleKb = rssKb(rexd.pid());

      send(in, exec(3, sid.group(1), "head -c " + STREAM_BYTES + " /dev/zero | tr '\\\\0' a"));
      long maxKb = idleKb;
      long lines = 0;
      for (String line; (line = out.readLine()) != null; ) {
        if (++lines % 256 == 0) {
          maxKb = Math.max(maxKb, rssKb(rexd.pid()));
        }
        if (line.contains("\"exec.exit\"")) {
          assertThat(line).contains("\"bytes_stdout\":" + STREAM_BYTES).contains("\"truncated\":false");
          break;
        }
      }
      maxKb = Math.max(maxKb, rssKb(rexd.pid()));
      System.err.printf("streamed %d MB: idle RSS %d MB, max RSS while streaming %d MB%n", STREAM_BYTES >> 20,
          idleKb / 1024, maxKb / 1024);
      assertThat(maxKb).as("max RSS (kB) vs idle %d kB", idleKb).isLessThan(idleKb + HEADROOM_KB);
      in.close();
      assertThat(rexd.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      rexd.destroyForcibly();
    }
  }

  private static String exec(int id, String sid, String command) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"exec.start\",\"params\":{\"session_id\":\"" + sid
        + "\",\"shell\":true,\"command\":\"" + command + "\",\"timeout_ms\":600000}}";
  }

  private static void send(OutputStream in, String line) throws Exception {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  private static String untilContains(BufferedReader out, String needle) throws Exception {
    for (String line; (line = out.readLine()) != null; ) {
      if (line.contains(needle)) {
        return line;
      }
    }
    throw new AssertionError("the server closed its output before " + needle);
  }

  static long rssKb(long pid) throws Exception {
    Matcher m = RSS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }
}
