package dev.rexd.core.recording;

/**
 * A recording being written: events are stamped with the time they happen and queued to the
 * writer thread (blocking while its queue is full). Appending after {@link #close()} does nothing.
 *
 * <pre>{@code
 * recording.marker("approved by alice: make deploy");
 * recording.close();
 * }</pre>
 */
public abstract sealed class Recording permits SessionRecording, TerminalRecording {
  private final RecordingWriter writer;
  private final CastFile file;
  private final RecordingCatalog.Entry entry;
  private boolean closed;

  Recording(RecordingWriter writer, CastFile file, RecordingCatalog.Entry entry) {
    this.writer = writer;
    this.file = file;
    this.entry = entry;
  }

  /** The recording's id, as {@code recording.list} reports it. */
  public String id() {
    return entry.id();
  }

  /** Adds a marker ({@code m}) with this label, e.g. an approval or an operator typing. */
  public synchronized void marker(String label) {
    append(CastEvent.MARKER, label);
  }

  /** Writes what is queued, then closes the file; idempotent. */
  public synchronized void close() {
    if (closed) {
      return;
    }
    beforeClose();
    closed = true;
    writer.close(file, entry::ended);
  }

  /** Events a subclass writes last (the rest of a half-decoded character); runs once. */
  void beforeClose() {}

  /** Queues one event stamped now; callers hold this object's lock, which keeps times in order. */
  final void append(String code, String data) {
    if (closed || data.isEmpty() && code.equals(CastEvent.OUTPUT)) {
      return;
    }
    long now = System.nanoTime();
    boolean interrupted = false;
    while (true) {
      try {
        writer.append(file, now, code, data);
        break;
      } catch (InterruptedException e) {
        interrupted = true; // an event is never dropped: the queue drains on its own
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
