package dev.rexd.transport.stdio;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where the stderr of a spawned stdio server ({@code rexd --stdio}, {@code ssh host rexd --stdio})
 * goes: inherited by this process, discarded, logged line by line, or handed line by line to a
 * callback. Whatever is chosen, a server that dies takes its last stderr lines into the
 * transport's failure, where they are read (not inherited or discarded).
 *
 * <pre>{@code
 * Transport t = StdioTransports.spawn(List.of("ssh", "build-1", "rexd", "--stdio"),
 *     ChildStderr.lines(line -> log.info("rexd@build-1: " + line)));
 * }</pre>
 */
public final class ChildStderr {
  /** The longest line kept; the rest of a longer line is dropped. */
  static final int MAX_LINE_BYTES = 8 * 1024;
  /** How many of the last lines a failure quotes. */
  static final int TAIL_LINES = 5;

  private final ProcessBuilder.Redirect redirect;
  private final @Nullable Consumer<String> consumer;

  private ChildStderr(ProcessBuilder.Redirect redirect, @Nullable Consumer<String> consumer) {
    this.redirect = redirect;
    this.consumer = consumer;
  }

  /** Into this process's stderr, as {@code ProcessBuilder.Redirect.INHERIT} (what a command line tool wants). */
  public static ChildStderr inherit() {
    return new ChildStderr(ProcessBuilder.Redirect.INHERIT, null);
  }

  /** Nowhere. */
  public static ChildStderr discard() {
    return new ChildStderr(ProcessBuilder.Redirect.DISCARD, null);
  }

  /** Each line to {@code logger} at {@code level}. */
  public static ChildStderr log(Logger logger, Logger.Level level) {
    Objects.requireNonNull(logger, "logger");
    Objects.requireNonNull(level, "level");
    return lines(line -> logger.log(level, line));
  }

  /** Each line (without its line break) to {@code callback}, on a daemon thread, in order. */
  public static ChildStderr lines(Consumer<String> callback) {
    return new ChildStderr(ProcessBuilder.Redirect.PIPE, Objects.requireNonNull(callback, "callback"));
  }

  /** Sets up the child's stderr before it starts. */
  void configure(ProcessBuilder pb) {
    pb.redirectError(redirect);
  }

  /** Starts reading the started child's stderr, if it is piped; the tail of the lines it read. */
  Tail follow(Process child, String name) {
    Tail tail = new Tail();
    Consumer<String> c = consumer;
    if (c == null) {
      tail.finished.countDown();
      return tail;
    }
    Thread t = new Thread(() -> {
      try {
        pump(child.getErrorStream(), c, tail);
      } finally {
        tail.finished.countDown();
      }
    }, name + "-stderr");
    t.setDaemon(true);
    t.start();
    return tail;
  }

  private static void pump(InputStream in, Consumer<String> consumer, Tail tail) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try (InputStream buffered = new BufferedInputStream(in)) {
      for (int b; (b = buffered.read()) >= 0; ) {
        if (b == '\n') {
          emit(line, consumer, tail);
        } else if (line.size() < MAX_LINE_BYTES) {
          line.write(b);
        }
      }
      if (line.size() > 0) {
        emit(line, consumer, tail);
      }
    } catch (IOException closed) {
      // the child is gone
    }
  }

  private static void emit(ByteArrayOutputStream line, Consumer<String> consumer, Tail tail) {
    String text = line.toString(StandardCharsets.UTF_8);
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    line.reset();
    tail.add(text);
    try {
      consumer.accept(text);
    } catch (RuntimeException e) {
      System.getLogger(ChildStderr.class.getName()).log(Logger.Level.WARNING, "stderr callback failed", e);
    }
  }

  /**
   * The last lines of a child's stderr, older ones dropped; thread-safe.
   *
   * <pre>{@code
   * ChildStderr.LastLines tail = new ChildStderr.LastLines(200);
   * builder.serverStderr(ChildStderr.lines(tail::add));
   * }</pre>
   */
  public static final class LastLines {
    private final int max;
    private final Deque<String> lines = new ArrayDeque<>();

    /** Keeps at most {@code max} lines. */
    public LastLines(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("max must be positive");
      }
      this.max = max;
    }

    /** Adds a line, dropping the oldest one when full. */
    public synchronized void add(String line) {
      if (lines.size() == max) {
        lines.removeFirst();
      }
      lines.addLast(line);
    }

    /** The lines kept, oldest first. */
    public synchronized List<String> lines() {
      return new ArrayList<>(lines);
    }
  }

  /** The last few stderr lines of a child, and the end of its stderr. */
  static final class Tail {
    private final LastLines last = new LastLines(TAIL_LINES);
    private final CountDownLatch finished = new CountDownLatch(1);

    /** Waits up to {@code ms} for the child's stderr to reach its end; whether it did. */
    boolean awaitEnd(long ms) throws InterruptedException {
      return finished.await(ms, TimeUnit.MILLISECONDS);
    }

    void add(String line) {
      last.add(line);
    }

    List<String> lines() {
      return last.lines();
    }
  }
}
