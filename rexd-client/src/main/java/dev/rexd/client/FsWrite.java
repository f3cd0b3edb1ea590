package dev.rexd.client;

import dev.rexd.api.Encoding;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.fs.FsWriteParams;
import dev.rexd.api.fs.FsWriteResult;
import dev.rexd.api.fs.WriteMode;
import org.jspecify.annotations.Nullable;

/**
 * A file write with its options; nothing happens until {@link #apply()}.
 *
 * <pre>{@code
 * FsWriteResult r = fs.write("config/app.yml", yaml)
 *     .mode(WriteMode.CREATE)          // -32006 "exists" if it is already there
 *     .mkdirParents(true)
 *     .apply();
 * fs.write("config/app.yml", edited).expectedMtime(r.mtime()).apply();   // -32006 if changed since
 * }</pre>
 */
public final class FsWrite {
  private final RexdSession session;
  private final String path;
  private final String content;
  private final @Nullable Encoding encoding;
  private @Nullable WriteMode mode;
  private @Nullable Boolean mkdirParents;
  private @Nullable Boolean atomic;
  private @Nullable Long expectedMtime;

  FsWrite(RexdSession session, String path, String content, @Nullable Encoding encoding) {
    this.session = session;
    this.path = path;
    this.content = content;
    this.encoding = encoding;
  }

  /** {@code replace} (default), {@code create} (fails if the path exists) or {@code append}. */
  public FsWrite mode(WriteMode mode) {
    this.mode = mode;
    return this;
  }

  /** Whether missing parent directories are created (default false). */
  public FsWrite mkdirParents(boolean mkdirParents) {
    this.mkdirParents = mkdirParents;
    return this;
  }

  /** Whether the write goes through a temporary file and a rename (default true; ignored for append). */
  public FsWrite atomic(boolean atomic) {
    this.atomic = atomic;
    return this;
  }

  /** Writes only if the file's mtime (ms since the epoch) is still this; else {@code -32006}. */
  public FsWrite expectedMtime(long mtime) {
    this.expectedMtime = mtime;
    return this;
  }

  /** Performs the write. */
  public FsWriteResult apply() {
    return session.call(RexdMethods.FS_WRITE, new FsWriteParams(session.id(), session.path(path), content, encoding,
        mode, mkdirParents, atomic, expectedMtime));
  }
}
