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
import dev.rexd.core.fd.Dir;
import dev.rexd.core.fd.FileStat;
import dev.rexd.core.fd.OpenFile;
import dev.rexd.core.fd.OpenMode;
import dev.rexd.core.fd.PathChangedException;
import dev.rexd.core.policy.RootPolicy;
import dev.rexd.core.session.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * The file methods of protocol section 5, one public method each. Every path goes through the
 * session's root policy, and the checked path is opened by descriptor from its root without
 * following any symlink ({@link RootPolicy#beneath}); every read, write, rename and listing is
 * then done on descriptors, so a symlink swapped into the path meanwhile never leads outside the
 * roots. Results carry absolute real paths and millisecond mtimes, and every failure is a
 * {@link RexdException} with the protocol's code and {@code data.reason}.
 *
 * <p>Thread-safe: one instance serves every session of a server.
 *
 * <pre>{@code
 * FsService fs = new FsService(new FsOptions(FsOptions.defaultStateDir(System.getenv()), false));
 * fs.write(session, FsWriteParams.replace(session.id(), "notes.txt", "hello\n"));
 * FsReadResult r = fs.read(session, new FsReadParams(session.id(), "notes.txt", null, null, null));
 * fs.edit(session, new FsEditParams(session.id(), "notes.txt", "hello", "bye", null, r.mtime()));
 * }</pre>
 */
public final class FsService {
  /** The largest single read, whatever {@code max_file_read_bytes} says: a Java array's size. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
  private static final int NEW_FILE_PERMISSIONS = 0666;

  private final FsOptions options;
  private final TempFiles temps = new TempFiles();
  private final PatchJournal journal;

  public FsService(FsOptions options) {
    this.options = options;
    this.journal = new PatchJournal(options.stateDir());
  }

  /**
   * Completes the patches that a server which no longer runs left unfinished in the state
   * directory (see {@link PatchJournal#recover}). Call once at start, before the first call.
   */
  public void recover(RootPolicy serverPolicy) {
    journal.recover(serverPolicy);
  }

  /**
   * {@code fs.read}: {@code length} bytes (default: to the end) from {@code offset}, at most
   * {@code max_file_read_bytes} of them ({@code truncated: true} when that limit cut the read).
   * {@code size} is the whole file's. Content that is not valid UTF-8 comes back as base64 even when
   * UTF-8 was asked for. A directory is {@code -32602 is_a_directory}, a missing file
   * {@code not_found}.
   */
  public FsReadResult read(Session session, FsReadParams p) {
    return call(session, p.path(), true, at -> {
      try (OpenFile f = at.inParent(dir -> dir.openFile(at.name(), OpenMode.READ, 0))) {
        FileStat st = requireRegular(at, f.stat());
        long size = st.size();
        long start = Math.min(p.offset() == null ? 0 : Math.max(0, p.offset()), size);
        long wanted = p.length() == null ? size - start : Math.min(Math.max(0, p.length()), size - start);
        long limit = Math.min(session.limits().maxFileReadBytes(), MAX_ARRAY);
        byte[] bytes = f.read(start, (int) Math.min(wanted, limit));
        String text = p.encoding() == Encoding.BASE64 ? null : Utf8.decode(bytes);
        return new FsReadResult(at.path().toString(), size, st.mtimeMillis(),
            text == null ? Encoding.BASE64 : Encoding.UTF8,
            text == null ? Base64.getEncoder().encodeToString(bytes) : text,
            wanted > limit);
      }
    });
  }

  /**
   * {@code fs.write}: {@code mode} replace (default), create ({@code -32006 exists} if the path
   * exists) or append. Unless {@code atomic} is false (always for append) the file is replaced
   * through {@link AtomicFiles}, keeping its permission bits. {@code expected_mtime} must equal the
   * file's mtime ({@code -32006 mtime_mismatch}, nothing written). A missing parent directory is
   * {@code -32602 not_found} unless {@code mkdir_parents}. Appending to, or writing in place, a
   * regular file with more than one link is {@code -32002 hardlinked} unless allowed.
   */
  public FsWriteResult write(Session session, FsWriteParams p) {
    byte[] bytes = (p.encoding() == null ? Encoding.UTF8 : p.encoding()).decode(p.content());
    WriteMode mode = p.mode() == null ? WriteMode.REPLACE : p.mode();
    boolean atomic = mode != WriteMode.APPEND && !Boolean.FALSE.equals(p.atomic());
    boolean mkdirs = Boolean.TRUE.equals(p.mkdirParents());
    return call(session, p.path(), true, at -> {
      try (Dir dir = mkdirs ? at.makeParents(new ArrayList<>()) : at.openParent()) {
        FileStat before = existing(at, dir);
        if (before != null && before.isDirectory()) {
          throw FsErrors.isDirectory(at.path());
        }
        checkMtime(at, before, p.expectedMtime());
        if (mode == WriteMode.CREATE && before != null) {
          throw FsErrors.exists(at.path());
        }
        long mtime = atomic
            ? replace(dir, at.name(), bytes, before, mode == WriteMode.CREATE)
            : writeInPlace(dir, at, bytes, mode);
        return new FsWriteResult(at.path().toString(), bytes.length, mtime, before == null);
      }
    });
  }

  /**
   * {@code fs.list}: the entries of a directory (default: the session cwd), or of its whole tree
   * with {@code recursive} (never through a symlink), sorted by path; {@code max_entries > 0} keeps
   * the first ones and sets {@code truncated}. A file is {@code -32602 not_a_directory}.
   */
  public FsListResult list(Session session, FsListParams p) {
    return call(session, p.path() == null ? "" : p.path(), true, at -> {
      try (Dir dir = at.openDir()) {
        return DirectoryListing.list(dir, Boolean.TRUE.equals(p.recursive()), orZero(p.maxEntries()));
      }
    });
  }

  /**
   * {@code fs.glob}: sorted absolute paths matching {@code pattern} (see {@link Glob}), relative to
   * {@code cwd} (default: the session cwd) unless absolute, only inside the session's roots;
   * {@code max_matches > 0} keeps the first ones and sets {@code truncated}.
   */
  public FsGlobResult glob(Session session, FsGlobParams p) {
    Glob glob = Glob.compile(p.pattern());
    java.nio.file.Path base = session.resolveDirectory(p.cwd());
    try {
      FirstSorted<String> matches = new FirstSorted<>(Comparator.naturalOrder(), orZero(p.maxMatches()));
      glob.find(session.policy(), base, matches);
      return new FsGlobResult(matches.items(), matches.truncated());
    } catch (IOException e) {
      throw FsErrors.io(e);
    }
  }

  /**
   * {@code fs.stat}: the path itself, not a symlink's target (whose {@code symlink_target} is
   * given as stored in the link, and {@code target_type} is what it resolves to inside the roots).
   * A missing path is {@code exists: false}, not an error.
   */
  public FsStatResult stat(Session session, FsStatParams p) {
    return call(session, p.path(), false, at -> {
      FileStat st;
      String linkTarget;
      try {
        st = at.inParent(dir -> dir.stat(at.name()));
        linkTarget = st != null && st.isSymbolicLink() ? at.inParent(dir -> dir.readLink(at.name())) : null;
      } catch (NoSuchFileException | NotDirectoryException e) {
        st = null;
        linkTarget = null;
      }
      if (st == null) {
        return FsStatResult.missing(at.path().toString());
      }
      EntryType type = FileModes.typeOf(st);
      return new FsStatResult(at.path().toString(), true, type, st.size(), st.mtimeMillis(),
          FileModes.lsString(st.mode()), FileModes.octal(st.mode()), st.uid(), st.gid(), linkTarget,
          linkTarget == null ? null : targetType(session, p.path()));
    });
  }

  /** What the symlink {@code path} resolves to inside the roots, {@code missing}, or null outside them. */
  private static @Nullable String targetType(Session session, String path) {
    try {
      return session.policy().beneath(path, session.cwd(), true, at -> {
        try {
          FileStat st = at.inParent(dir -> dir.stat(at.name()));
          return st == null ? "missing" : FileModes.typeOf(st).name().toLowerCase(java.util.Locale.ROOT);
        } catch (NoSuchFileException | NotDirectoryException e) {
          return "missing";
        }
      });
    } catch (RexdException e) {
      return e.reason().equals(Reasons.OUTSIDE_ROOTS) ? null : "missing";
    } catch (IOException e) {
      return "missing";
    }
  }

  /**
   * {@code fs.edit}: replaces {@code old_string}, which must occur exactly once
   * ({@code -32602 no_match} / {@code ambiguous_match}), or with {@code replace_all} at least once;
   * an empty {@code old_string} writes {@code new_string} as the whole file, creating it and its
   * missing parent directories. {@code old_string} equal to {@code new_string} is
   * {@code -32602 no_change}. Written atomically; {@code expected_mtime} as for {@link #write}.
   */
  public FsEditResult edit(Session session, FsEditParams p) {
    String oldString = p.oldString();
    if (oldString.equals(p.newString())) {
      throw RexdException.invalidParams(Reasons.NO_CHANGE, "old_string and new_string are the same")
          .with("field", "new_string");
    }
    return call(session, p.path(), true, at -> {
      try (Dir dir = oldString.isEmpty() ? at.makeParents(new ArrayList<>()) : at.openParent()) {
        FileStat before = existing(at, dir);
        if (before != null) {
          requireRegular(at, before);
        }
        checkMtime(at, before, p.expectedMtime());
        if (oldString.isEmpty()) {
          byte[] bytes = utf8(p.newString());
          return new FsEditResult(at.path().toString(), bytes.length, replace(dir, at.name(), bytes, before, false),
              before == null, 1);
        }
        if (before == null) {
          throw FsErrors.notFound(at.path());
        }
        String text = Utf8.decode(readAll(dir, at));
        if (text == null) {
          throw FsErrors.notText(at.path());
        }
        int count = occurrences(text, oldString);
        if (count == 0) {
          throw RexdException.invalidParams(Reasons.NO_MATCH, "old_string not found in " + at.path())
              .with("path", at.path().toString());
        }
        boolean all = Boolean.TRUE.equals(p.replaceAll());
        if (count > 1 && !all) {
          throw RexdException.invalidParams(Reasons.AMBIGUOUS_MATCH, "old_string occurs " + count + " times in "
                  + at.path() + "; give more context or set replace_all")
              .with("path", at.path().toString())
              .with("occurrences", count);
        }
        byte[] updated = utf8(all ? text.replace(oldString, p.newString()) : replaceOnce(text, oldString, p.newString()));
        return new FsEditResult(at.path().toString(), updated.length, replace(dir, at.name(), updated, before, false),
            false, all ? count : 1);
      }
    });
  }

  /**
   * {@code fs.patch}: applies a {@code *** Begin Patch} envelope (see {@link PatchParser}) all or
   * nothing, also across a crash (see {@link PatchJournal}), paths relative to {@code cwd}
   * (default: the session cwd). A hunk that does not match is {@code -32602 patch_failed} naming the
   * file and the first unmatched line.
   */
  public FsPatchResult patch(Session session, FsPatchParams p) {
    Patch patch = PatchParser.parse(p.patchText());
    java.nio.file.Path cwd = session.resolveDirectory(p.cwd());
    try {
      return PatchPlan.prepare(patch, session.policy(), cwd).apply(temps, journal);
    } catch (IOException e) {
      throw FsErrors.io(e);
    }
  }

  /** Reads a whole regular file of {@code dir}. */
  static byte[] readAll(Dir dir, RootPolicy.Target at) throws IOException {
    try (OpenFile f = dir.openFile(at.name(), OpenMode.READ, 0)) {
      long size = requireRegular(at, f.stat()).size();
      if (size > MAX_ARRAY) {
        throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "file is too large to edit: " + at.path())
            .with("path", at.path().toString());
      }
      return f.read(0, (int) size);
    }
  }

  /** The name itself in {@code dir}, or null when missing; a symlink there now means the path changed. */
  private static @Nullable FileStat existing(RootPolicy.Target at, Dir dir) throws IOException {
    FileStat st = dir.stat(at.name());
    if (st != null && st.isSymbolicLink()) {
      throw new PathChangedException(at.path().toString());
    }
    return st;
  }

  /** Atomically replaces {@code name} in {@code dir}; the new file's mtime. */
  private long replace(Dir dir, String name, byte[] bytes, @Nullable FileStat before, boolean noReplace)
      throws IOException {
    temps.sweep(dir);
    AtomicFiles.Staged staged = AtomicFiles.stage(dir, name, bytes, before, temps);
    staged.commit(noReplace);
    return staged.written().mtimeMillis();
  }

  private long writeInPlace(Dir dir, RootPolicy.Target at, byte[] bytes, WriteMode mode) throws IOException {
    OpenMode open = switch (mode) {
      case CREATE -> OpenMode.CREATE_NEW;
      case APPEND -> OpenMode.APPEND;
      case REPLACE -> OpenMode.WRITE;
    };
    try (OpenFile f = dir.openFile(at.name(), open, NEW_FILE_PERMISSIONS)) {
      FileStat st = requireRegular(at, f.stat());
      if (st.links() > 1 && !options.allowHardlinkedWrites()) {
        throw FsErrors.hardlinked(at.path());
      }
      if (mode == WriteMode.REPLACE) {
        f.truncate(0);
      }
      f.write(bytes);
      f.sync();
      return f.stat().mtimeMillis();
    }
  }

  private static void checkMtime(RootPolicy.Target at, @Nullable FileStat st, @Nullable Long expected) {
    if (expected == null) {
      return;
    }
    Long actual = st == null ? null : st.mtimeMillis();
    if (!expected.equals(actual)) {
      throw FsErrors.mtimeMismatch(at.path(), expected, actual);
    }
  }

  /** {@code st} of a regular file, else {@code is_a_directory} or {@code invalid_argument}. */
  private static FileStat requireRegular(RootPolicy.Target at, FileStat st) {
    if (st.isDirectory()) {
      throw FsErrors.isDirectory(at.path());
    }
    if (!st.isRegularFile()) {
      throw FsErrors.notRegularFile(at.path());
    }
    return st;
  }

  /** Runs a file method on a checked path, mapping I/O failures to protocol errors. */
  private static <T> T call(Session session, String path, boolean followLast, RootPolicy.Action<T> action) {
    try {
      return session.policy().beneath(path, session.cwd(), followLast, action);
    } catch (IOException e) {
      throw FsErrors.io(e);
    }
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

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int orZero(@Nullable Integer n) {
    return n == null ? 0 : n;
  }
}
