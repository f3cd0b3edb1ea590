package dev.rexd.core.transcript;

import dev.rexd.api.json.RexdJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The transcript file: one JSON line per ended process, each appended with one write (so lines
 * never interleave and a crash can tear only the last one), rotated to {@code FILE.<UTC time>}
 * before a line would take it past {@code max_file_bytes}. A torn last line left by a crash is
 * closed with a newline when the file is opened again, so it never swallows the next line. A
 * failing write is logged once until writes work again and never fails the process's call.
 *
 * <pre>{@code
 * TranscriptLog log = TranscriptLog.open(TranscriptConfig.at(Path.of("transcript.jsonl")));
 * ProcessTranscript t = log.begin("sess_1", "agent", null, "p_1", List.of("make"), null, "/srv", List.of());
 * t.output(bytes, 0, n);
 * t.ended(0, null, false, 1200, n, 0, false);
 * }</pre>
 */
public final class TranscriptLog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TranscriptLog.class.getName());
  private static final DateTimeFormatter ROTATED =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** A rotated file's name after {@code FILE.}: its UTC time, then {@code -N} for another one. */
  private static final Pattern ROTATED_SUFFIX = Pattern.compile("(\\d{8}T\\d{6}\\.\\d{3}Z)(?:-(\\d{1,9}))?");

  private final TranscriptConfig config;
  private FileChannel channel;
  private long size;
  private boolean failing;

  private TranscriptLog(TranscriptConfig config, FileChannel channel) throws IOException {
    this.config = config;
    this.channel = channel;
    this.size = channel.size();
  }

  /**
   * Opens (creating) the transcript file and its directory.
   *
   * @throws IllegalArgumentException naming the file when it cannot be written
   */
  public static TranscriptLog open(TranscriptConfig config) {
    Path file = config.path().toAbsolutePath().normalize();
    try {
      Path dir = file.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      FileChannel ch = openAppending(file);
      TranscriptLog log = new TranscriptLog(new TranscriptConfig(file, config.maxOutputBytes(), config.maxFileBytes()), ch);
      log.closeTornLine();
      return log;
    } catch (IOException e) {
      throw new IllegalArgumentException("[transcript] path " + file + " cannot be written: " + e.getMessage());
    }
  }

  private static FileChannel openAppending(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private void closeTornLine() throws IOException {
    if (size == 0) {
      return;
    }
    try (FileChannel read = FileChannel.open(config.path(), StandardOpenOption.READ)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      read.read(last, size - 1);
      if (last.get(0) != '\n') {
        append("\n".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  public TranscriptConfig config() {
    return config;
  }

  /** Starts collecting the output of a process that has started. */
  public ProcessTranscript begin(String sessionId, String clientName, @Nullable String principal, String processId,
      @Nullable List<String> argv, @Nullable String command, String cwd, List<String> envKeys) {
    return new ProcessTranscript(this, new OutputDigest(config.maxOutputBytes()), sessionId, clientName, principal,
        processId, argv, command, cwd, envKeys);
  }

  /** Appends one entry as a line. */
  void write(TranscriptEntry entry) {
    byte[] line = (RexdJson.mapper().writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      try {
        if (config.maxFileBytes() > 0 && size > 0 && size + line.length > config.maxFileBytes()) {
          rotate();
        }
        append(line);
        if (failing) {
          failing = false;
          LOG.log(System.Logger.Level.INFO, "transcript " + config.path() + " is written again");
        }
      } catch (IOException e) {
        if (!failing) {
          failing = true;
          LOG.log(System.Logger.Level.WARNING, "transcript " + config.path() + " not written (" + e
              + "); processes go on. Further failures are not logged until a line is written again.");
        }
      }
    }
  }

  private void append(byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    size += bytes.length;
  }

  private void rotate() throws IOException {
    channel.close();
    String stamp = config.path().getFileName() + "." + ROTATED.format(Instant.now());
    Path target = config.path().resolveSibling(stamp);
    for (int n = 1; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {   // two rotations in one millisecond
      target = config.path().resolveSibling(stamp + "-" + n);
    }
    Files.move(config.path(), target, StandardCopyOption.ATOMIC_MOVE);
    channel = openAppending(config.path());
    size = channel.size();
  }

  /**
   * The files the transcript at {@code path} was rotated to, oldest first: each is named after
   * the file and its UTC time ({@code FILE.<UTC time>}), with {@code -N} added for more than one
   * in a millisecond. Empty when there are none or the directory cannot be listed.
   */
  public static List<Path> rotatedFiles(Path path) {
    Path dir = path.toAbsolutePath().getParent();
    String prefix = path.getFileName() + ".";
    record Rotated(Path file, String time, long n) {}
    List<Rotated> found = new ArrayList<>();
    try (Stream<Path> siblings = Files.list(dir)) {
      siblings.forEach(f -> {
        String name = f.getFileName().toString();
        if (name.startsWith(prefix)) {
          Matcher m = ROTATED_SUFFIX.matcher(name.substring(prefix.length()));
          if (m.matches()) {
            found.add(new Rotated(f, m.group(1), m.group(2) == null ? 0 : Long.parseLong(m.group(2))));
          }
        }
      });
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return found.stream().sorted(Comparator.comparing(Rotated::time).thenComparingLong(Rotated::n))
        .map(Rotated::file).toList();
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // every line went out with its own write
    }
  }
}
