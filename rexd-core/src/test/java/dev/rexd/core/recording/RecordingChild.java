package dev.rexd.core.recording;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A JVM of its own that records a terminal writing numbered lines, for the tests that kill it or
 * limit its file size: {@code RecordingChild DIR FORMAT LINES}. It prints {@code ready ID} once
 * the first half of the lines is in the file, and {@code done} after the last (it then waits to
 * be killed when {@code LINES} is negative, writing on).
 */
public final class RecordingChild {
  private RecordingChild() {}

  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args[0]);
    CastFormat format = CastFormat.parse(args[1]);
    int lines = Integer.parseInt(args[2]);
    Recorder recorder = Recorder.start(RecordingConfig.in(dir).withFormat(format));
    TerminalRecording r = recorder.recordTerminal("sess_child", "pty_1", "numbered lines", 80, 24, null);
    int half = Math.abs(lines) / 2;
    long deadline = System.nanoTime() + 60_000_000_000L;
    for (int i = 0; (lines < 0 || i < lines) && System.nanoTime() < deadline; i++) {
      byte[] line = ("line " + i + " ✓\r\n").getBytes(StandardCharsets.UTF_8);
      r.output(line, 0, line.length);
      if (i == half) {
        recorder.flush();
        System.out.println("ready " + r.id());
        System.out.flush();
      }
    }
    r.exited(0, null);
    r.close();
    recorder.close();
    System.out.println("done");
  }
}
