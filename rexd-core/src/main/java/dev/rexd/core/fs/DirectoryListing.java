package dev.rexd.core.fs;

import dev.rexd.api.fs.FsEntry;
import dev.rexd.api.fs.FsListResult;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Set;

/**
 * {@code fs.list} of one real directory: entries described without following links, sorted by
 * path, at most {@code maxEntries} of them ({@code <= 0}: all). A recursive listing descends into
 * real directories only, never through a symlink.
 *
 * <pre>{@code
 * FsListResult r = DirectoryListing.list(Path.of("/w/src"), true, 1000);
 * }</pre>
 */
final class DirectoryListing {
  private final FirstSorted<FsEntry> entries;

  private DirectoryListing(int maxEntries) {
    this.entries = new FirstSorted<>(Comparator.comparing(FsEntry::path), maxEntries);
  }

  /** Lists {@code dir}, which the caller resolved through the root policy. */
  static FsListResult list(Path dir, boolean recursive, int maxEntries) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(dir, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw FsErrors.notFound(dir);
    }
    if (!attrs.isDirectory()) {
      throw FsErrors.notDirectory(dir);
    }
    DirectoryListing listing = new DirectoryListing(maxEntries);
    if (recursive) {
      listing.walk(dir);
    } else {
      listing.children(dir);
    }
    return new FsListResult(dir.toString(), listing.entries.items(), listing.entries.truncated());
  }

  private void children(Path dir) throws IOException {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        try {
          add(child, Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException vanished) {
          // removed while we listed: not an entry any more
        }
      }
    }
  }

  private void walk(Path top) throws IOException {
    Files.walkFileTree(top, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (!dir.equals(top)) {
          add(dir, attrs);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        add(file, attrs);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        // typically a directory we may not open: list it, skip its contents
        try {
          add(file, Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException vanished) {
          // removed while we walked
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private void add(Path path, BasicFileAttributes attrs) {
    Path name = path.getFileName();
    entries.add(new FsEntry(name == null ? path.toString() : name.toString(), path.toString(),
        FileModes.typeOf(attrs), attrs.size(), attrs.lastModifiedTime().toMillis()));
  }
}
