package dev.rexd.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A started process's stderr, read line by line as the process writes it: every line is copied to
 * a file (for assertions after the fact) and wakes whoever awaits a line matching a pattern, so a
 * test waits for the line itself instead of polling the file.
 *
 * <pre>{@code
 * Process p = RexdProcess.builder(args).start();
 * StderrLines err = StderrLines.follow(p, tmp.resolve("rexd.err"));
 * Matcher m = err.await(Pattern.compile("serving POST http://127\\.0\\.0\\.1:(\\d+)/"));
 * }</pre>
 */
final class StderrLines {
  private static final long WAIT_SECONDS = 60;

  private final List<String> lines = new ArrayList<>();
  private boolean ended;

  private StderrLines() {}

  /** Starts copying {@code process}'s stderr (it must be a pipe) into {@code file}, line by line. */
  static StderrLines follow(Process process, Path file) throws IOException {
    StderrLines s = new StderrLines();
    Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> s.copy(process, out), "stderr-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    return s;
  }

  /**
   * The first line so far or to come that matches {@code pattern}; fails when the process closes
   * its stderr, or after 60 s, without one.
   */
  synchronized Matcher await(Pattern pattern) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    for (int next = 0; ; ) {
      for (; next < lines.size(); next++) {
        Matcher m = pattern.matcher(lines.get(next));
        if (m.find()) {
          return m;
        }
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (ended || left <= 0) {
        throw new AssertionError("no " + pattern + " on stderr" + (ended ? " before it closed" : " within "
            + WAIT_SECONDS + " s") + ": " + String.join("\n", lines));
      }
      wait(left);   // woken by each new line and by the end of the stream
    }
  }

  private void copy(Process process, Writer out) {
    try (out; BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        out.write(line);
        out.write('\n');
        out.flush();
        added(line);
      }
    } catch (IOException e) {
      added("(stderr unreadable: " + e + ")");
    } finally {
      end();
    }
  }

  private synchronized void added(String line) {
    lines.add(line);
    notifyAll();
  }

  private synchronized void end() {
    ended = true;
    notifyAll();
  }
}
