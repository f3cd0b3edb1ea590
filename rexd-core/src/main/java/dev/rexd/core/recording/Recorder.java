package dev.rexd.core.recording;

import dev.rexd.api.Encoding;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.recording.RecordingGetResult;
import dev.rexd.api.recording.RecordingInfo;
import dev.rexd.core.auth.AccessRules;
import dev.rexd.core.auth.Principal;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Records sessions and terminals into a directory as asciicast files, keeps the catalog that
 * {@code recording.list} and {@code recording.get} read, and enforces retention in the
 * background. Starting one checks that the directory can be written, so a server never runs
 * believing it records while it cannot.
 *
 * <pre>{@code
 * try (Recorder recorder = Recorder.start(RecordingConfig.in(Path.of("/var/lib/rexd/recordings")))) {
 *   SessionRecording r = recorder.recordSession("sess_1", "agent", null);
 *   r.commandStarted("p_1", "ls");
 *   ...
 * }
 * }</pre>
 */
public final class Recorder implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Recorder.class.getName());
  /** The most {@code recording.get} returns at once. */
  public static final int MAX_READ_BYTES = 1 << 20;
  static final int DEFAULT_COLS = 120;
  static final int DEFAULT_ROWS = 32;
  private static final long RETENTION_PERIOD_SECONDS = 60;

  private final RecordingConfig config;
  private final RecordingCatalog catalog;
  private final RecordingWriter writer = new RecordingWriter();
  private final Retention retention;
  private final ScheduledExecutorService background;

  private Recorder(RecordingConfig config, RecordingCatalog catalog) {
    this.config = config;
    this.catalog = catalog;
    this.retention = new Retention(config, catalog);
    this.background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rexd-recording-retention");
      t.setDaemon(true);
      return t;
    });
    background.scheduleWithFixedDelay(this::enforceQuietly, 0, RETENTION_PERIOD_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Starts recording into {@code config.dir()}, creating it (owner-only) when missing.
   *
   * @throws IllegalArgumentException naming the directory when it cannot be created or written
   */
  public static Recorder start(RecordingConfig config) {
    Path dir = config.dir().toAbsolutePath().normalize();
    try {
      if (!Files.isDirectory(dir)) {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(dir);
        }
      }
      Path probe = Files.createTempFile(dir, ".rexd-write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalArgumentException("[recording] dir " + dir + " cannot be written: " + describe(e));
    }
    RecordingConfig resolved = new RecordingConfig(dir, config.maxTotalBytes(), config.maxAgeDays(),
        config.recordInput(), config.format());
    return new Recorder(resolved, RecordingCatalog.load(dir));
  }

  private static String describe(Exception e) {
    return e instanceof java.nio.file.FileSystemException f && f.getReason() != null
        ? f.getReason() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  public RecordingConfig config() {
    return config;
  }

  /** Starts the recording of a session; null (logged) when its file cannot be created. */
  public @Nullable SessionRecording recordSession(String sessionId, String clientName, @Nullable String principal) {
    RecordingCatalog.Entry entry = newEntry(sessionId, "session", null, "session " + sessionId + " (" + clientName + ")",
        principal);
    CastFile file = create(entry, DEFAULT_COLS, DEFAULT_ROWS);
    return file == null ? null : new SessionRecording(writer, file, entry);
  }

  /** Starts the recording of a terminal; null (logged) when its file cannot be created. */
  public @Nullable TerminalRecording recordTerminal(String sessionId, String ptyId, String title, int cols, int rows,
      @Nullable String principal) {
    RecordingCatalog.Entry entry = newEntry(sessionId, "pty", ptyId, title, principal);
    CastFile file = create(entry, cols, rows);
    return file == null ? null : new TerminalRecording(writer, file, entry, config.recordInput());
  }

  private RecordingCatalog.Entry newEntry(String sessionId, String kind, @Nullable String ptyId, String title,
      @Nullable String principal) {
    String id = "rec_" + HexFormat.of().formatHex(randomBytes(12));
    return new RecordingCatalog.Entry(id, sessionId, kind, ptyId, title, Instant.now(), principal,
        config.dir().resolve(id + RecordingCatalog.SUFFIX), null);
  }

  private @Nullable CastFile create(RecordingCatalog.Entry entry, int cols, int rows) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("recording_id", entry.id());
    meta.put("session_id", entry.sessionId());
    meta.put("kind", entry.info().kind());
    if (entry.info().ptyId() != null) {
      meta.put("pty_id", entry.info().ptyId());
    }
    if (entry.principal() != null) {
      meta.put("principal", entry.principal());
    }
    CastHeader header = new CastHeader(cols, rows, entry.startedAt().getEpochSecond(), entry.info().title(), meta);
    try {
      CastFile file = CastFile.create(entry.path(), config.format(), header, System.nanoTime());
      entry.writing(file);
      catalog.add(entry);
      return file;
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "recording of " + entry.sessionId() + " not started: " + describe(e)
          + "; the session goes on unrecorded");
      return null;
    }
  }

  /**
   * The recordings {@code visible} accepts (by the principal that owned the session, null when
   * unknown), of one session or all, oldest first.
   */
  public List<RecordingInfo> list(@Nullable String sessionId, Predicate<@Nullable String> visible) {
    return catalog.all().stream()
        .filter(e -> sessionId == null || e.sessionId().equals(sessionId))
        .filter(e -> visible.test(e.principal()))
        .map(RecordingCatalog.Entry::info)
        .toList();
  }

  /** The session a recording belongs to, or {@code -32602 not_found}. */
  public String sessionOf(String recordingId) {
    return entry(recordingId).sessionId();
  }

  /** The principal that owned the recorded session, if known. */
  public @Nullable String principalOf(String recordingId) {
    return entry(recordingId).principal();
  }

  /**
   * Refuses a recording {@code reader} may not read ({@link AccessRules#mayRead}) exactly as an
   * unknown one: {@code -32602 not_found}, so a caller learns nothing of others' recordings.
   */
  public void checkReadable(String recordingId, Principal reader) {
    if (!AccessRules.mayRead(reader, principalOf(recordingId))) {
      throw notFound(recordingId);
    }
  }

  /**
   * Up to {@code length} bytes (at most {@link #MAX_READ_BYTES}) of a recording's file from
   * {@code offset}: UTF-8 text when they are whole characters, else base64.
   */
  public RecordingGetResult read(String recordingId, long offset, @Nullable Long length) {
    RecordingCatalog.Entry e = entry(recordingId);
    if (e.isLive()) {
      flush();
    }
    int max = (int) Math.min(length == null ? MAX_READ_BYTES : length, MAX_READ_BYTES);
    try (FileChannel ch = FileChannel.open(e.path())) {
      long size = ch.size();
      ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, Math.min(max, size - offset)));
      while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
        // read until the slice is full
      }
      byte[] bytes = java.util.Arrays.copyOf(buf.array(), buf.position());
      boolean eof = offset + bytes.length >= size;
      String text = strictUtf8(bytes);
      return text != null ? new RecordingGetResult(text, Encoding.UTF8, eof)
          : new RecordingGetResult(Base64.getEncoder().encodeToString(bytes), Encoding.BASE64, eof);
    } catch (NoSuchFileException ex) {
      throw notFound(recordingId);
    } catch (IOException ex) {
      throw RexdException.of(dev.rexd.api.ErrorCode.INTERNAL_ERROR, Reasons.IO_ERROR, "recording cannot be read: "
          + describe(ex));
    }
  }

  /** The whole recording's bytes as a stream (for {@code GET /recordings/{id}.cast}). */
  public InputStream open(String recordingId) {
    try {
      return new FileInputStream(entry(recordingId).path().toFile());
    } catch (IOException ex) {
      throw notFound(recordingId);
    }
  }

  /** Waits until every event recorded before this call is in its file. */
  public void flush() {
    writer.sync();
  }

  RecordingCatalog catalog() {
    return catalog;
  }

  /** Runs retention now; returns how many recordings it deleted. */
  public int enforceRetention() {
    return retention.enforce();
  }

  private void enforceQuietly() {
    try {
      int n = retention.enforce();
      if (n > 0) {
        LOG.log(System.Logger.Level.INFO, "retention deleted " + n + " recording(s)");
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "recording retention failed", e);
    }
  }

  private RecordingCatalog.Entry entry(String recordingId) {
    RecordingCatalog.Entry e = catalog.find(recordingId);
    if (e == null) {
      throw notFound(recordingId);
    }
    return e;
  }

  private static RexdException notFound(String recordingId) {
    return RexdException.invalidParams(Reasons.NOT_FOUND, "no such recording: " + recordingId)
        .with("recording_id", recordingId);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    Random.SOURCE.nextBytes(b);
    return b;
  }

  /** Made on first use: a server that does not record never sets up the provider. */
  private static final class Random {
    static final java.security.SecureRandom SOURCE = new java.security.SecureRandom();
  }

  private static @Nullable String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Writes what is queued and closes the writer; recordings still open keep what they have. */
  @Override
  public void close() {
    background.shutdownNow();
    writer.close();
  }
}
