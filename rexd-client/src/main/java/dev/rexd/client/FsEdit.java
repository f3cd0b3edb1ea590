package dev.rexd.client;

import dev.rexd.api.RexdMethods;
import dev.rexd.api.fs.FsEditParams;
import dev.rexd.api.fs.FsEditResult;
import org.jspecify.annotations.Nullable;

/**
 * A string replacement in one file, written atomically; nothing happens until {@link #apply()}.
 *
 * <pre>{@code
 * fs.edit("README.md").replace("Hello", "REXD").apply();        // exactly one occurrence
 * fs.edit("src/App.java").replaceAll("foo(", "bar(").apply();   // every occurrence, at least one
 * fs.edit("NOTES.md").content("fresh start\n").apply();         // the whole file
 * }</pre>
 */
public final class FsEdit {
  private final RexdSession session;
  private final String path;
  private @Nullable String oldString;
  private @Nullable String newString;
  private boolean replaceAll;
  private @Nullable Long expectedMtime;

  FsEdit(RexdSession session, String path) {
    this.session = session;
    this.path = path;
  }

  /** Replaces the one occurrence of {@code oldString}. */
  public FsEdit replace(String oldString, String newString) {
    return set(oldString, newString, false);
  }

  /** Replaces every occurrence of {@code oldString} (there must be at least one). */
  public FsEdit replaceAll(String oldString, String newString) {
    return set(oldString, newString, true);
  }

  /** Writes {@code content} as the whole file, creating it if needed. */
  public FsEdit content(String content) {
    return set("", content, false);
  }

  private FsEdit set(String oldString, String newString, boolean all) {
    this.oldString = oldString;
    this.newString = newString;
    this.replaceAll = all;
    return this;
  }

  /** Edits only if the file's mtime (ms since the epoch) is still this; else {@code -32006}. */
  public FsEdit expectedMtime(long mtime) {
    this.expectedMtime = mtime;
    return this;
  }

  /** Performs the edit. */
  public FsEditResult apply() {
    if (oldString == null || newString == null) {
      throw new IllegalStateException("say what to edit: replace(), replaceAll() or content()");
    }
    return session.call(RexdMethods.FS_EDIT, new FsEditParams(session.id(), session.path(path), oldString,
        newString, replaceAll ? Boolean.TRUE : null, expectedMtime));
  }
}
