package dev.rexd.core.recording;

import dev.rexd.api.recording.RecordingInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The recordings in the recording directory, by id: those written now and those an earlier run
 * left (found from their headers when the server starts).
 */
final class RecordingCatalog {
  private static final System.Logger LOG = System.getLogger(RecordingCatalog.class.getName());
  static final Pattern ID = Pattern.compile("rec_[0-9a-f]{24}");
  static final String SUFFIX = ".cast";

  /** One recording: what {@code recording.list} says of it, its file, and whether it is live. */
  static final class Entry {
    private static final java.util.concurrent.atomic.AtomicLong CREATED = new java.util.concurrent.atomic.AtomicLong();
    private final long sequence = CREATED.incrementAndGet();
    private final String id;
    private final String sessionId;
    private final String kind;
    private final @Nullable String ptyId;
    private final String title;
    private final Instant startedAt;
    private final @Nullable String principal;
    private final Path path;
    private volatile @Nullable CastFile live;
    private volatile @Nullable Instant endedAt;

    Entry(String id, String sessionId, String kind, @Nullable String ptyId, String title, Instant startedAt,
        @Nullable String principal, Path path, @Nullable Instant endedAt) {
      this.id = id;
      this.sessionId = sessionId;
      this.kind = kind;
      this.ptyId = ptyId;
      this.title = title;
      this.startedAt = startedAt;
      this.principal = principal;
      this.path = path;
      this.endedAt = endedAt;
    }

    String id() {
      return id;
    }

    String sessionId() {
      return sessionId;
    }

    @Nullable String principal() {
      return principal;
    }

    Path path() {
      return path;
    }

    Instant startedAt() {
      return startedAt;
    }

    long sequence() {
      return sequence;
    }

    boolean isLive() {
      return live != null;
    }

    void writing(CastFile file) {
      live = file;
    }

    void ended() {
      endedAt = Instant.now();
      live = null;
    }

    long bytes() {
      CastFile file = live;
      if (file != null) {
        return file.size();
      }
      try {
        return Files.size(path);
      } catch (IOException e) {
        return 0;
      }
    }

    RecordingInfo info() {
      Instant end = endedAt;
      return new RecordingInfo(id, sessionId, kind, ptyId, title, startedAt.toString(),
          end == null ? null : end.toString(), bytes());
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** The catalog of {@code dir}: every file there whose header names a rexd recording. */
  static RecordingCatalog load(Path dir) {
    RecordingCatalog catalog = new RecordingCatalog();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "rec_*" + SUFFIX)) {
      for (Path file : files) {
        Entry e = readEntry(file);
        if (e != null) {
          catalog.add(e);
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "recordings of earlier runs not listed: " + e);
    }
    return catalog;
  }

  private static @Nullable Entry readEntry(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      CastReader cast = new CastReader(in);
      Map<String, String> meta = cast.header().meta();
      String id = meta.getOrDefault("recording_id", "");
      String sessionId = meta.get("session_id");
      if (!ID.matcher(id).matches() || !file.getFileName().toString().equals(id + SUFFIX) || sessionId == null) {
        return null;
      }
      return new Entry(id, sessionId, meta.getOrDefault("kind", "session"), meta.get("pty_id"),
          cast.header().title(), Instant.ofEpochSecond(cast.header().timestamp()), meta.get("principal"), file,
          Files.getLastModifiedTime(file).toInstant());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  void add(Entry e) {
    entries.put(e.id(), e);
  }

  @Nullable Entry find(String id) {
    return entries.get(id);
  }

  void remove(String id) {
    entries.remove(id);
  }

  /** Every recording, oldest first. */
  List<Entry> all() {
    return entries.values().stream().sorted(Comparator.comparing(Entry::startedAt).thenComparingLong(Entry::sequence)).toList();
  }
}
