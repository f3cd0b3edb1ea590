package dev.rexd.core.fs;

import dev.rexd.api.Encoding;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.fs.EntryType;
import dev.rexd.api.fs.FsEditParams;
import dev.rexd.api.fs.FsEditResult;
import dev.rexd.api.fs.FsGlobParams;
import dev.rexd.api.fs.FsGlobResult;
import dev.rexd.api.fs.FsListParams;
import dev.rexd.api.fs.FsListResult;
import dev.rexd.api.fs.FsPatchParams;
import dev.rexd.api.fs.FsPatchResult;
import dev.rexd.api.fs.FsReadParams;
import dev.rexd.api.fs.FsReadResult;
import dev.rexd.api.fs.FsStatParams;
import dev.rexd.api.fs.FsStatResult;
import dev.rexd.api.fs.FsWriteParams;
import dev.rexd.api.fs.FsWriteResult;
import dev.rexd.api.fs.WriteMode;
import dev.rexd.core.session.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The file methods of protocol section 5, one public method each. Every path goes through the
 * session's root policy before any I/O ({@code -32002 forbidden_path} outside the roots), results
 * carry absolute real paths and millisecond mtimes, and every failure is a {@link RexdException}
 * with the protocol's code and {@code data.reason}.
 *
 * <p>Stateless and thread-safe: one instance serves every session.
 *
 * <pre>{@code
 * FsService fs = new FsService();
 * fs.write(session, FsWriteParams.replace(session.id(), "notes.txt", "hello\n"));
 * FsReadResult r = fs.read(session, new FsReadParams(session.id(), "notes.txt", null, null, null));
 * fs.edit(session, new FsEditParams(session.id(), "notes.txt", "hello", "bye", null, r.mtime()));
 * }</pre>
 */
public final class FsService {
  /** The largest single read, whatever {@code max_file_read_bytes} says: a Java array's size. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  /**
   * {@code fs.read}: {@code length} bytes (default: to the end) from {@code offset}, at most
   * {@code max_file_read_bytes} of them ({@code truncated: true} when that limit cut the read).
   * {@code size} is the whole file's. Content that is not valid UTF-8 comes back as base64 even when
   * UTF-8 was asked for. A directory is {@code -32602 is_a_directory}, a missing file
   * {@code not_found}.
   */
  public FsReadResult read(Session session, FsReadParams p) {
    Path file = session.resolve(p.path());
    try {
      BasicFileAttributes attrs = requireRegular(file, attributesOrNull(file));
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        long size = ch.size();
        long start = Math.min(p.offset() == null ? 0 : p.offset(), size);
        long wanted = p.length() == null ? size - start : Math.min(p.length(), size - start);
        long limit = Math.min(session.limits().maxFileReadBytes(), MAX_ARRAY);
        byte[] bytes = readAt(ch, start, (int) Math.min(wanted, limit));
        String text = p.encoding() == Encoding.BASE64 ? null : Utf8.decode(bytes);
        return new FsReadResult(file.toString(), size, attrs.lastModifiedTime().toMillis(),
            text == null ? Encoding.BASE64 : Encoding.UTF8,
            text == null ? Base64.getEncoder().encodeToString(bytes) : text,
            wanted > limit);
      }
    } catch (IOException e) {
      throw FsErrors.io(file, e);
    }
  }

  /**
   * {@code fs.write}: {@code mode} replace (default), create ({@code -32006 exists} if the path
   * exists) or append. Unless {@code atomic} is false (always for append) the file is replaced
   * through {@link AtomicFiles}, keeping its permission bits. {@code expected_mtime} must equal the
   * file's mtime ({@code -32006 mtime_mismatch}, nothing written). A missing parent directory is
   * {@code -32602 not_found} unless {@code mkdir_parents}.
   */
  public FsWriteResult write(Session session, FsWriteParams p) {
    Path target = session.resolve(p.path());
    byte[] bytes = (p.encoding() == null ? Encoding.UTF8 : p.encoding()).decode(p.content());
    WriteMode mode = p.mode() == null ? WriteMode.REPLACE : p.mode();
    boolean atomic = mode != WriteMode.APPEND && !Boolean.FALSE.equals(p.atomic());
    return store(target, bytes, mode, atomic, Boolean.TRUE.equals(p.mkdirParents()), p.expectedMtime());
  }

  /**
   * {@code fs.list}: the entries of a directory (default: the session cwd), or of its whole tree
   * with {@code recursive} (never through a symlink), sorted by path; {@code max_entries > 0} keeps
   * the first ones and sets {@code truncated}. A file is {@code -32602 not_a_directory}.
   */
  public FsListResult list(Session session, FsListParams p) {
    Path dir = p.path() == null ? session.cwd() : session.resolve(p.path());
    try {
      return DirectoryListing.list(dir, Boolean.TRUE.equals(p.recursive()), orZero(p.maxEntries()));
    } catch (IOException e) {
      throw FsErrors.io(dir, e);
    }
  }

  /**
   * {@code fs.glob}: sorted absolute paths matching {@code pattern} (see {@link Glob}), relative to
   * {@code cwd} (default: the session cwd) unless absolute, only inside the session's roots;
   * {@code max_matches > 0} keeps the first ones and sets {@code truncated}.
   */
  public FsGlobResult glob(Session session, FsGlobParams p) {
    Path base = session.resolveDirectory(p.cwd());
    FirstSorted<String> matches = new FirstSorted<>(Comparator.naturalOrder(), orZero(p.maxMatches()));
    Glob.compile(p.pattern()).find(session.policy(), base, matches);
    return new FsGlobResult(matches.items(), matches.truncated());
  }

  /**
   * {@code fs.stat}: the path itself, not a symlink's target (whose {@code symlink_target} is
   * given as stored in the link). A missing path is {@code exists: false}, not an error.
   */
  public FsStatResult stat(Session session, FsStatParams p) {
    Path path = session.policy().resolveNoFollow(p.path(), session.cwd());
    try {
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return FsStatResult.missing(path.toString());
      }
      Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) unix.get("mode");
      EntryType type = FileModes.typeOf(attrs);
      return new FsStatResult(path.toString(), true, type, attrs.size(), attrs.lastModifiedTime().toMillis(),
          FileModes.lsString(mode), FileModes.octal(mode), (Integer) unix.get("uid"), (Integer) unix.get("gid"),
          type == EntryType.SYMLINK ? Files.readSymbolicLink(path).toString() : null);
    } catch (IOException e) {
      throw FsErrors.io(path, e);
    }
  }

  /**
   * {@code fs.edit}: replaces {@code old_string}, which must occur exactly once
   * ({@code -32602 no_match} / {@code ambiguous_match}), or with {@code replace_all} at least once;
   * an empty {@code old_string} writes {@code new_string} as the whole file, creating it. Written
   * atomically; {@code expected_mtime} as for {@link #write}.
   */
  public FsEditResult edit(Session session, FsEditParams p) {
    Path target = session.resolve(p.path());
    try {
      BasicFileAttributes before = attributesOrNull(target);
      if (before != null) {
        requireRegular(target, before);
      }
      checkMtime(target, before, p.expectedMtime());
      String oldString = p.oldString();
      if (oldString.isEmpty()) {
        return edited(store(target, utf8(p.newString()), WriteMode.REPLACE, true, false, p.expectedMtime()), 1);
      }
      if (before == null) {
        throw FsErrors.notFound(target);
      }
      String text = Utf8.decode(Files.readAllBytes(target));
      if (text == null) {
        throw FsErrors.notText(target);
      }
      int count = occurrences(text, oldString);
      if (count == 0) {
        throw RexdException.invalidParams(Reasons.NO_MATCH, "old_string not found in " + target)
            .with("path", target.toString());
      }
      boolean all = Boolean.TRUE.equals(p.replaceAll());
      if (count > 1 && !all) {
        throw RexdException.invalidParams(Reasons.AMBIGUOUS_MATCH, "old_string occurs " + count + " times in "
                + target + "; give more context or set replace_all")
            .with("path", target.toString())
            .with("occurrences", count);
      }
      String updated = all ? text.replace(oldString, p.newString()) : replaceOnce(text, oldString, p.newString());
      return edited(store(target, utf8(updated), WriteMode.REPLACE, true, false, p.expectedMtime()), all ? count : 1);
    } catch (IOException e) {
      throw FsErrors.io(target, e);
    }
  }

  /**
   * {@code fs.patch}: applies a {@code *** Begin Patch} envelope (see {@link PatchParser}) all or
   * nothing, paths relative to {@code cwd} (default: the session cwd). A hunk that does not match
   * is {@code -32602 patch_failed} naming the file and the first unmatched line.
   */
  public FsPatchResult patch(Session session, FsPatchParams p) {
    Patch patch = PatchParser.parse(p.patchText());
    return PatchPlan.prepare(patch, session.policy(), session.resolveDirectory(p.cwd())).apply();
  }

  /** The one write path of {@code fs.write} and {@code fs.edit}. */
  private static FsWriteResult store(Path target, byte[] bytes, WriteMode mode, boolean atomic, boolean mkdirs,
      @Nullable Long expectedMtime) {
    try {
      BasicFileAttributes before = attributesOrNull(target);
      if (before != null && before.isDirectory()) {
        throw FsErrors.isDirectory(target);
      }
      checkMtime(target, before, expectedMtime);
      if (mode == WriteMode.CREATE && before != null) {
        throw FsErrors.exists(target);
      }
      ensureParent(target, mkdirs);
      if (atomic) {
        AtomicFiles.replace(target, bytes);
      } else {
        writeInPlace(target, bytes, mode);
      }
      return new FsWriteResult(target.toString(), bytes.length, Files.getLastModifiedTime(target).toMillis(),
          before == null);
    } catch (IOException e) {
      throw FsErrors.io(target, e);
    }
  }

  private static void writeInPlace(Path target, byte[] bytes, WriteMode mode) throws IOException {
    OpenOption[] options = switch (mode) {
      case CREATE -> new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
      case APPEND -> new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND};
      case REPLACE -> new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE};
    };
    try (FileChannel ch = FileChannel.open(target, options)) {
      AtomicFiles.writeFully(ch, bytes);
      ch.force(true);
    }
  }

  private static void ensureParent(Path target, boolean mkdirs) throws IOException {
    Path parent = target.getParent();
    if (parent == null || Files.isDirectory(parent)) {
      return;
    }
    if (!mkdirs) {
      throw FsErrors.notFound(parent);
    }
    Files.createDirectories(parent);
  }

  private static void checkMtime(Path target, @Nullable BasicFileAttributes attrs, @Nullable Long expected) {
    if (expected == null) {
      return;
    }
    Long actual = attrs == null ? null : attrs.lastModifiedTime().toMillis();
    if (!expected.equals(actual)) {
      throw FsErrors.mtimeMismatch(target, expected, actual);
    }
  }

  private static @Nullable BasicFileAttributes attributesOrNull(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** {@code attrs} of a regular file, else {@code not_found}, {@code is_a_directory} or {@code invalid_argument}. */
  private static BasicFileAttributes requireRegular(Path path, @Nullable BasicFileAttributes attrs) {
    if (attrs == null) {
      throw FsErrors.notFound(path);
    }
    if (attrs.isDirectory()) {
      throw FsErrors.isDirectory(path);
    }
    if (!attrs.isRegularFile()) {
      throw FsErrors.notRegularFile(path);
    }
    return attrs;
  }

  private static byte[] readAt(FileChannel ch, long position, int count) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(count);
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        break;
      }
      pos += n;
    }
    return buf.hasRemaining() ? Arrays.copyOf(buf.array(), buf.position()) : buf.array();
  }

  private static int occurrences(String text, String needle) {
    int count = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      count++;
    }
    return count;
  }

  private static String replaceOnce(String text, String oldString, String newString) {
    int at = text.indexOf(oldString);
    return text.substring(0, at) + newString + text.substring(at + oldString.length());
  }

  private static FsEditResult edited(FsWriteResult w, int replacements) {
    return new FsEditResult(w.path(), w.bytesWritten(), w.mtime(), w.created(), replacements);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int orZero(@Nullable Integer n) {
    return n == null ? 0 : n;
  }
}
