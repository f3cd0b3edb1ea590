package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rexd --stdio} gives the pipe its output events leave through a 1 MiB buffer. */
class StdoutPipeIT {
  private static final int O_RDONLY = 0;
  private static final int F_GETPIPE_SZ = 1032;

  interface LibC extends Library {
    int open(String path, int flags);

    int fcntl(int fd, int cmd);

    int close(int fd);
  }

  @TempDir Path tmp;

  @Test
  void theServersStdoutPipeHoldsOneMebibyte() throws Exception {
    Process p = RexdProcess.builder(List.of("--stdio")).directory(tmp.toFile())
        .redirectError(tmp.resolve("stderr").toFile()).start();
    try {
      p.getOutputStream().write(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\"c\"}}\n".getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().flush();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).contains("\"session_id\"");   // serving: the pipe was set up before

      LibC libc = Native.load("c", LibC.class);
      int fd = libc.open("/proc/" + p.pid() + "/fd/1", O_RDONLY);   // the same pipe, from this side
      assertThat(fd).isNotNegative();
      try {
        assertThat(libc.fcntl(fd, F_GETPIPE_SZ)).isEqualTo(1 << 20);
      } finally {
        libc.close(fd);
      }
    } finally {
      p.getOutputStream().close();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }
}
