package dev.rexd.cli;

import dev.rexd.core.config.ConfigException;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.core.recording.CommandLines;
import dev.rexd.core.transcript.TranscriptConfig;
import dev.rexd.core.transcript.TranscriptEntry;
import dev.rexd.core.transcript.TranscriptLog;
import dev.rexd.core.transcript.TranscriptReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rexd transcript [FILE]}: prints the command transcript for people, one block per
 * command: when, which session, how it ended, the command line and its output. Damaged lines are
 * skipped and counted on stderr, never fatal. {@code --follow} reads on in the new file when the
 * transcript is rotated.
 *
 * <pre>{@code
 * rexd transcript /var/log/rexd/transcript.jsonl --failed
 * rexd transcript --config /etc/rexd/rexd.toml --follow --session sess_9f…
 * }</pre>
 */
@Command(name = "transcript", mixinStandardHelpOptions = true, versionProvider = RexdMain.Version.class,
    sortOptions = false, description = "Print the command transcript (JSON lines) for people.")
final class TranscriptCommand implements Callable<Integer> {
  static final long FOLLOW_POLL_MILLIS = 250;

  @Parameters(paramLabel = "FILE", arity = "0..1", description = "The transcript (default: [transcript] path of --config).")
  @Nullable Path file;

  @Option(names = "--config", paramLabel = "FILE", description = "A rexd.toml whose [transcript] path to read.")
  @Nullable Path config;

  @Option(names = {"-f", "--follow"}, description = "Keep printing commands as they end, on in the new file after a rotation.")
  boolean follow;

  @Option(names = "--session", paramLabel = "ID", description = "Only this session's commands.")
  @Nullable String session;

  @Option(names = "--failed", description = "Only commands that failed (non-zero exit, signal or timeout).")
  boolean failed;

  private final PrintStream out;
  private final PrintStream err;

  TranscriptCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    Path path;
    try {
      path = path();
    } catch (ConfigException e) {
      err.println("rexd: config: " + e.getMessage());
      return 2;
    }
    if (path == null) {
      err.println("rexd: give the transcript FILE, or --config with [transcript] enabled and a path");
      return 2;
    }
    try (FollowedFile followed = new FollowedFile(path)) {
      int skipped = 0;
      while (true) {
        printEntries(followed.reader());
        out.flush();
        if (!follow) {
          break;
        }
        if (followed.rotated()) { // the lines written just before the rename, then the next file
          printEntries(followed.reader());
          skipped += followed.reader().skipped();
          followed.next();
        } else if (!pause()) {
          break;
        }
      }
      skipped += followed.reader().skipped();
      if (skipped > 0) {
        err.println("rexd: " + path + ": " + skipped + " damaged line(s) skipped");
      }
      if (followed.reader().hasUnfinishedLine()) {
        err.println("rexd: " + path + ": the last line is torn (skipped)");
      }
      return 0;
    } catch (NoSuchFileException e) {
      err.println("rexd: " + path + ": no such file");
      return 2;
    } catch (IOException e) {
      err.println("rexd: " + path + ": " + e.getMessage());
      return 1;
    }
  }

  private void printEntries(TranscriptReader reader) throws IOException {
    for (TranscriptEntry e; (e = reader.next()) != null; ) {
      if ((session == null || session.equals(e.sessionId())) && (!failed || e.failed())) {
        print(e);
      }
    }
  }

  /**
   * The transcript file open for reading, and which file it is: rotation renames it and starts a
   * new file at the same path. {@code --follow} then reads on in the file written after it: the
   * next rotated one when the transcript was rotated more than once between two looks, else the
   * new file at the path.
   */
  private static final class FollowedFile implements AutoCloseable {
    private final Path path;
    private InputStream in;
    private @Nullable Object key;
    private TranscriptReader reader;

    FollowedFile(Path path) throws IOException {
      this.path = path;
      this.in = InputStream.nullInputStream();
      this.reader = new TranscriptReader(in);
      open(path);
    }

    TranscriptReader reader() {
      return reader;
    }

    /** Whether the path now names another file than the one being read (false while it is missing). */
    boolean rotated() {
      try {
        Object now = fileKey(path);
        return key != null && now != null && !key.equals(now);
      } catch (IOException e) {
        return false;
      }
    }

    /** Goes on to the file written after the one being read. */
    void next() throws IOException {
      List<Path> rotated = TranscriptLog.rotatedFiles(path);
      for (int i = 0; i < rotated.size() - 1; i++) {
        if (key != null && key.equals(keyOrNull(rotated.get(i)))) {
          try {
            open(rotated.get(i + 1));
            return;
          } catch (NoSuchFileException deletedMeanwhile) {
            break;
          }
        }
      }
      try {
        open(path);
      } catch (NoSuchFileException midRotation) {
        // renamed away and not yet made again: still at the end of the old file, look again later
      }
    }

    /** Opens {@code file}, knowing which file it opened even if it is renamed meanwhile. */
    private void open(Path file) throws IOException {
      while (true) {
        Object before = fileKey(file);
        InputStream next = Files.newInputStream(file);
        if (before == null || before.equals(keyOrNull(file))) {   // null: the file system has no keys
          in.close();
          in = next;
          key = before;
          reader = new TranscriptReader(next);
          return;
        }
        next.close();   // renamed between the look and the open: look again
      }
    }

    private static @Nullable Object keyOrNull(Path file) {
      try {
        return fileKey(file);
      } catch (IOException e) {
        return null;
      }
    }

    private static @Nullable Object fileKey(Path path) throws IOException {
      return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private @Nullable Path path() {
    if (file != null) {
      return file;
    }
    if (config == null) {
      return null;
    }
    TranscriptConfig t = RexdConfig.load(config).transcriptConfig();
    return t == null ? null : t.path();
  }

  private static boolean pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(FOLLOW_POLL_MILLIS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void print(TranscriptEntry e) {
    String who = e.principal() == null ? e.clientName() : e.clientName() + ", " + e.principal();
    String ending = CommandLines.ending(e.exitCode(), e.signal(), e.timedOut(), e.durationMs());
    out.println("── " + e.time() + "  " + e.sessionId() + " (" + who + ")  " + e.processId() + "  " + ending
        + (e.truncated() ? " [output truncated]" : ""));
    out.println("$ " + e.commandLine());
    if (!e.output().isEmpty()) {
      out.print(e.output().endsWith("\n") ? e.output() : e.output() + "\n");
    }
  }
}
