package dev.rexd.core.fs;

import dev.rexd.api.RexdException;
import dev.rexd.api.json.RexdJson;
import dev.rexd.core.fd.Dir;
import dev.rexd.core.fd.FileStat;
import dev.rexd.core.policy.RootPolicy;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Makes a patch all or nothing across a crash. Before the first rename of a patch that changes
 * more than one file, the planned renames (temporary file to target, in one directory each) and
 * deletions are written to {@code patch-<pid>-<random>.json} in the state directory and forced to
 * disk; the journal is removed once every change is made. A server that starts finds the journals
 * of writers that no longer run and completes them ({@link #recover}) before it answers a call.
 *
 * <p>Safety: the state directory is created {@code 0700}; journals not owned by this user, and a
 * state directory not owned by this user, are ignored; a journal is touched only when its writer
 * (pid and start time) is gone, so servers sharing a state directory never complete each other's
 * work in flight; every path in it goes through the root policy again and is opened by
 * descriptor; a deletion is made only if the file is still the one that was planned (device and
 * inode), and a rename only if its temporary file is still there.
 *
 * <pre>{@code
 * try (PatchJournal.Entry e = journal.record(staged, removals)) {
 *   ... rename and delete ...
 *   e.done();                        // removes the journal
 * }
 * journal.recover(serverPolicy);     // at start
 * }</pre>
 */
final class PatchJournal {
  private static final System.Logger LOG = System.getLogger(PatchJournal.class.getName());
  private static final String PREFIX = "patch-";
  private static final String SUFFIX = ".json";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long PID = ProcessHandle.current().pid();
  private static final long START = startMillis(ProcessHandle.current());

  private final Path stateDir;

  PatchJournal(Path stateDir) {
    this.stateDir = stateDir.toAbsolutePath().normalize();
  }

  /** One planned deletion: {@code name} in {@code dir}, if it is still the file {@code planned}. */
  record Removal(Dir dir, String name, FileStat planned) {
    void apply() throws IOException {
      FileStat now = dir.stat(name);
      if (now != null && now.sameFile(planned)) {
        dir.unlink(name);
        dir.sync();
      }
    }
  }

  /** The journal's content, as JSON. */
  record Record(long pid, long startMillis, List<Rename> renames, List<Delete> deletes) {}

  record Rename(String dir, String temp, String name) {}

  record Delete(String dir, String name, long device, long inode) {}

  /** A written journal, or none (a single change needs none). Closing without {@link #done} keeps it. */
  interface Entry extends AutoCloseable {
    /** Every change was made: remove the journal. */
    void done();

    @Override
    default void close() {}
  }

  /** Writes and forces the journal of these changes when there is more than one. */
  Entry record(List<AtomicFiles.Staged> staged, List<Removal> removals) throws IOException {
    if (staged.size() + removals.size() <= 1) {
      return () -> { };
    }
    Record r = new Record(PID, START,
        staged.stream().map(s -> new Rename(s.dir().path().toString(), s.temp(), s.target())).toList(),
        removals.stream().map(d -> new Delete(d.dir().path().toString(), d.name(), d.planned().device(),
            d.planned().inode())).toList());
    Path dir = ensureStateDir();
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    String base = PREFIX + PID + "-" + HexFormat.of().formatHex(b);
    Path part = dir.resolve(base + ".part");
    Path journal = dir.resolve(base + SUFFIX);
    try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      ch.write(java.nio.ByteBuffer.wrap(RexdJson.mapper().writeValueAsBytes(r)));
      ch.force(true);
    }
    Files.move(part, journal, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(dir);
    return () -> {
      try {
        Files.deleteIfExists(journal);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot remove the finished patch journal " + journal, e);
      }
    };
  }

  /**
   * Completes every journal in the state directory whose writer no longer runs, then removes it.
   * Problems are logged, never thrown: a server always starts.
   */
  void recover(RootPolicy policy) {
    if (!Files.isDirectory(stateDir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    int uid = currentUid();
    if (ownerOf(stateDir) != uid) {
      LOG.log(System.Logger.Level.WARNING, "ignoring the state directory " + stateDir + ": not owned by uid " + uid);
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDir, PREFIX + "*")) {
      for (Path f : files) {
        String name = String.valueOf(f.getFileName());
        if (name.endsWith(".part")) {
          removeIfWriterGone(f, name);
        } else if (name.endsWith(SUFFIX)) {
          recoverOne(f, policy, uid);
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot read the state directory " + stateDir, e);
    }
  }

  private void recoverOne(Path file, RootPolicy policy, int uid) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || ownerOf(file) != uid) {
        LOG.log(System.Logger.Level.WARNING, "ignoring " + file + ": not a regular file owned by uid " + uid);
        return;
      }
      Record r = RexdJson.mapper().readValue(Files.readString(file, StandardCharsets.UTF_8), Record.class);
      if (writerRuns(r.pid(), r.startMillis())) {
        return;
      }
      for (Rename rename : r.renames()) {
        if (TempFiles.isTempName(rename.temp())) {
          at(policy, rename.dir(), rename.name(), (dir, name) -> {
            if (dir.stat(rename.temp()) != null) {
              dir.rename(rename.temp(), name, false);
              dir.sync();
            }
          });
        }
      }
      for (Delete delete : r.deletes()) {
        at(policy, delete.dir(), delete.name(), (dir, name) -> {
          FileStat now = dir.stat(name);
          if (now != null && now.device() == delete.device() && now.inode() == delete.inode()) {
            dir.unlink(name);
            dir.sync();
          }
        });
      }
      Files.delete(file);
      LOG.log(System.Logger.Level.INFO, "completed the patch an earlier server (pid " + r.pid() + ") left unfinished");
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot recover the patch journal " + file, e);
    }
  }

  /** One change of a journal, on {@code name} in the directory {@code dir}, through the root policy. */
  private interface Change {
    void make(Dir dir, String name) throws IOException;
  }

  private static void at(RootPolicy policy, String dir, String name, Change change) {
    Path target = Path.of(dir).resolve(name);
    try {
      policy.beneath(target.toString(), Path.of(dir), false, at -> {
        try (Dir parent = at.openParent()) {
          change.make(parent, at.name());
        } catch (NoSuchFileException | NotDirectoryException gone) {
          // nothing left to do there
        }
        return null;
      });
    } catch (RexdException | IOException e) {
      LOG.log(System.Logger.Level.WARNING, "skipping " + target + " of a patch journal: " + e.getMessage());
    }
  }

  private void removeIfWriterGone(Path part, String name) {
    String[] fields = name.substring(PREFIX.length()).split("-", 2);
    try {
      if (!ProcessHandle.of(Long.parseLong(fields[0])).isPresent()) {
        Files.deleteIfExists(part);
      }
    } catch (NumberFormatException | IOException e) {
      // not one of ours, or gone meanwhile
    }
  }

  private static boolean writerRuns(long pid, long startMillis) {
    return ProcessHandle.of(pid).map(h -> startMillis == 0 || startMillis(h) == startMillis).orElse(false);
  }

  private static long startMillis(ProcessHandle h) {
    return h.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
  }

  private Path ensureStateDir() throws IOException {
    if (!Files.isDirectory(stateDir, LinkOption.NOFOLLOW_LINKS)) {
      Path parent = stateDir.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createDirectory(stateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // made meanwhile
      }
    }
    if (ownerOf(stateDir) != currentUid()) {
      throw new IOException("the state directory " + stateDir + " is not owned by this user");
    }
    return stateDir;
  }

  private static int ownerOf(Path p) {
    try {
      return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return -1;
    }
  }

  private static int currentUid() {
    return dev.rexd.core.fd.Users.effectiveUid();
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // a file system that cannot sync a directory: the rename is still atomic
    }
  }
}
