package dev.rexd.agent;

import dev.rexd.client.RemoteProcess;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The processes the tools started, by process id, each with its {@link OutputLog} and how far the
 * model has read it. Ended processes beyond the newest {@code keepEnded} are forgotten.
 *
 * <pre>{@code
 * ProcessBook.Entry e = book.add(process, "make test", log);
 * book.get("p_3");
 * }</pre>
 */
final class ProcessBook {
  /** One process; {@code readTo} is the offset a plain {@code process_output} continues from. */
  static final class Entry {
    final RemoteProcess process;
    final String command;
    final OutputLog log;
    final long startedNanos = System.nanoTime();
    volatile long readTo;

    Entry(RemoteProcess process, String command, OutputLog log) {
      this.process = process;
      this.command = command;
      this.log = log;
    }

    String id() {
      return process.id();
    }
  }

  private final int keepEnded;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  ProcessBook(int keepEnded) {
    this.keepEnded = keepEnded;
  }

  synchronized Entry add(RemoteProcess process, String command, OutputLog log) {
    Entry e = new Entry(process, command, log);
    entries.put(process.id(), e);
    int ended = (int) entries.values().stream().filter(x -> x.log.exit() != null).count();
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && ended > keepEnded; ) {
      if (it.next().log.exit() != null) {
        it.remove();
        ended--;
      }
    }
    return e;
  }

  synchronized @Nullable Entry get(String id) {
    return entries.get(id);
  }

  synchronized List<Entry> all() {
    return new ArrayList<>(entries.values());
  }

  synchronized String ids() {
    return entries.isEmpty() ? "none" : String.join(", ", entries.keySet());
  }

  /** Forgets every process (their session is gone). */
  synchronized void clear() {
    entries.clear();
  }
}
