package dev.rexd.transport.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what one class logs (System.Logger goes to java.util.logging by default), so a test can
 * check that a disconnect was logged with its reason.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of("dev.rexd.transport.http.server.WebSocketServerTransport")) { ... }
 * }</pre>
 */
final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<String> messages = new CopyOnWriteArrayList<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  static LogCapture of(String loggerName) {
    LogCapture c = new LogCapture(Logger.getLogger(loggerName));
    c.logger.addHandler(c);
    return c;
  }

  @Override
  public void publish(LogRecord record) {
    messages.add(record.getLevel() + " " + record.getMessage());
  }

  /** Waits up to {@code millis} for a message containing {@code text}. */
  boolean await(String text, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (messages.stream().anyMatch(m -> m.contains(text))) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  List<String> messages() {
    return List.copyOf(messages);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
