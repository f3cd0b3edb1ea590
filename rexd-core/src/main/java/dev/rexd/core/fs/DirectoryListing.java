package dev.rexd.core.fs;

import dev.rexd.api.fs.FsEntry;
import dev.rexd.api.fs.FsListResult;
import dev.rexd.core.fd.Dir;
import dev.rexd.core.fd.DirEntry;
import dev.rexd.core.fd.FileStat;
import java.io.IOException;
import java.util.Comparator;

/**
 * {@code fs.list} of one open directory: entries described without following links, sorted by
 * path, at most {@code maxEntries} of them ({@code <= 0}: all). A recursive listing descends into
 * real directories only, each opened by descriptor from its parent, never through a symlink.
 *
 * <pre>{@code
 * FsListResult r = DirectoryListing.list(dir, true, 1000);
 * }</pre>
 */
final class DirectoryListing {
  private final FirstSorted<FsEntry> entries;

  private DirectoryListing(int maxEntries) {
    this.entries = new FirstSorted<>(Comparator.comparing(FsEntry::path), maxEntries);
  }

  /** Lists {@code dir}, which the caller opened through the root policy. */
  static FsListResult list(Dir dir, boolean recursive, int maxEntries) throws IOException {
    DirectoryListing listing = new DirectoryListing(maxEntries);
    listing.add(dir, recursive);
    return new FsListResult(dir.path().toString(), listing.entries.items(), listing.entries.truncated());
  }

  private void add(Dir dir, boolean recursive) throws IOException {
    for (DirEntry e : dir.entries()) {
      FileStat st = dir.stat(e.name());
      if (st == null) {
        continue; // removed while we listed: not an entry any more
      }
      String path = dir.path().resolve(e.name()).toString();
      entries.add(new FsEntry(e.name(), path, FileModes.typeOf(st), st.size(), st.mtimeMillis()));
      if (recursive && st.isDirectory()) {
        try (Dir child = dir.child(e.name())) {
          add(child, true);
        } catch (IOException unreadable) {
          // a directory we may not open, or one replaced meanwhile: listed, its contents skipped
        }
      }
    }
  }
}
