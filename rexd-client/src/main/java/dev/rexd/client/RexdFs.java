package dev.rexd.client;

import dev.rexd.api.Encoding;
import dev.rexd.api.RexdMethods;
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
import dev.rexd.api.fs.FsWriteResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The files of a session, through the server's root policy. Relative paths resolve against the
 * client's default cwd if it has one, else the session's cwd.
 *
 * <pre>{@code
 * RexdFs fs = session.fs();
 * String readme = fs.readString("README.md");
 * fs.writeString("notes/todo.txt", "ship it\n");
 * fs.edit("README.md").replace("Hello", "REXD").apply();
 * List<String> docs = fs.glob("*.md").matches();
 * }</pre>
 *
 * <p>Whole-file reads continue past the server's {@code max_file_read_bytes} in further calls, and
 * fail if the file changes in between.
 */
public final class RexdFs {
  private final RexdSession session;

  RexdFs(RexdSession session) {
    this.session = session;
  }

  /** The whole file as UTF-8 text (malformed bytes replaced). */
  public String readString(String path) {
    return new String(readBytes(path), StandardCharsets.UTF_8);
  }

  /** Up to {@code length} bytes from {@code offset}, as UTF-8 text. */
  public String readString(String path, long offset, long length) {
    return new String(readBytes(path, offset, length), StandardCharsets.UTF_8);
  }

  /** The whole file, exactly. */
  public byte[] readBytes(String path) {
    return read(path, 0, null);
  }

  /** Up to {@code length} bytes from {@code offset} (fewer at the end of the file). */
  public byte[] readBytes(String path, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative");
    }
    return read(path, offset, length);
  }

  private byte[] read(String path, long offset, @Nullable Long length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long position = offset;
    Long mtime = null;
    while (true) {
      Long remaining = length == null ? null : length - out.size();
      FsReadResult r = session.call(RexdMethods.FS_READ, new FsReadParams(session.id(), session.path(path),
          position == 0 ? null : position, remaining, null));
      if (mtime != null && mtime != r.mtime()) {
        throw new RexdClientException(path + " changed while it was read in parts");
      }
      mtime = r.mtime();
      byte[] bytes = r.encoding().decode(r.content());
      out.write(bytes, 0, bytes.length);
      position += bytes.length;
      boolean enough = length != null && out.size() >= length;
      if (!r.truncated() || bytes.length == 0 || enough || position >= r.size()) {
        return out.toByteArray();
      }
    }
  }

  /** Replaces (or creates) the file with this UTF-8 text, atomically. */
  public FsWriteResult writeString(String path, String content) {
    return write(path, content).apply();
  }

  /** Replaces (or creates) the file with these bytes, atomically. */
  public FsWriteResult writeBytes(String path, byte[] content) {
    return write(path, content).apply();
  }

  /** A write of UTF-8 text with options (mode, parents, atomicity, expected mtime); {@code apply()} runs it. */
  public FsWrite write(String path, String content) {
    return new FsWrite(session, path, content, null);
  }

  /** A write of bytes with options; {@code apply()} runs it. */
  public FsWrite write(String path, byte[] content) {
    return new FsWrite(session, path, java.util.Base64.getEncoder().encodeToString(content), Encoding.BASE64);
  }

  /** The entries of a directory, sorted by path. */
  public FsListResult list(String path) {
    return list(path, false, null);
  }

  /** The entries of a directory, and with {@code recursive} of all below it (symlinks not followed). */
  public FsListResult list(String path, boolean recursive) {
    return list(path, recursive, null);
  }

  /** Like {@link #list(String, boolean)}, stopping after {@code maxEntries} ({@code truncated} then). */
  public FsListResult list(String path, boolean recursive, @Nullable Integer maxEntries) {
    return session.call(RexdMethods.FS_LIST, new FsListParams(session.id(), session.path(path),
        recursive ? Boolean.TRUE : null, maxEntries));
  }

  /** Sorted absolute paths matching {@code pattern} ({@code *}, {@code ?}, {@code [...]}, {@code **}). */
  public FsGlobResult glob(String pattern) {
    return glob(pattern, null, null);
  }

  /** Like {@link #glob(String)}, relative to {@code cwd}, stopping after {@code maxMatches}. */
  public FsGlobResult glob(String pattern, @Nullable String cwd, @Nullable Integer maxMatches) {
    return session.call(RexdMethods.FS_GLOB, new FsGlobParams(session.id(), pattern, session.directory(cwd),
        maxMatches));
  }

  /** What is at {@code path}; a missing path is {@code exists: false}, not an error. */
  public FsStatResult stat(String path) {
    return session.call(RexdMethods.FS_STAT, new FsStatParams(session.id(), session.path(path)));
  }

  /** Whether something exists at {@code path}. */
  public boolean exists(String path) {
    return stat(path).exists();
  }

  /** An edit of the file; say what to replace, then {@code apply()}. */
  public FsEdit edit(String path) {
    return new FsEdit(session, path);
  }

  /**
   * Applies a {@code *** Begin Patch} ... {@code *** End Patch} patch, all or nothing; paths are
   * relative to the client's default cwd, else the session's.
   */
  public FsPatchResult patch(String patchText) {
    return patch(patchText, null);
  }

  /** Applies a patch whose paths are relative to {@code cwd}. */
  public FsPatchResult patch(String patchText, @Nullable String cwd) {
    return session.call(RexdMethods.FS_PATCH, new FsPatchParams(session.id(), patchText, session.directory(cwd)));
  }
}
