package dev.rexd.core.fs;

import dev.rexd.api.fs.FsMove;
import dev.rexd.api.fs.FsPatchResult;
import dev.rexd.core.policy.RootPolicy;
import dev.rexd.core.fd.Dir;
import dev.rexd.core.fd.FileStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Patch} checked against the current files and turned into the final content of every
 * file it touches, before anything is written: {@link #prepare} fails with
 * {@code -32602 patch_failed} (or {@code -32002} for a path outside the roots) and no file is
 * touched; {@link #apply} then writes.
 *
 * <p>Operations see the effect of earlier ones in the same patch. Every file is read, staged,
 * renamed and deleted through descriptors opened by the root policy. Writing first stages every
 * new content as a temporary file (creating missing parent directories for Add and Move), records
 * the renames and deletions in a {@link PatchJournal}, and only then renames them into place and
 * deletes what is deleted; a failure while staging removes the temporary files and the
 * directories it created, and a crash after staging is completed by the next server's start.
 *
 * <pre>{@code
 * FsPatchResult r = PatchPlan.prepare(PatchParser.parse(text), session.policy(), cwd).apply(temps, journal);
 * }</pre>
 */
final class PatchPlan {
  private final RootPolicy policy;
  private final Path cwd;
  /** Final content by real path, in first-touched order; empty means deleted. */
  private final Map<Path, Optional<byte[]>> outcome = new LinkedHashMap<>();
  private final List<String> added = new ArrayList<>();
  private final List<String> updated = new ArrayList<>();
  private final List<String> deleted = new ArrayList<>();
  private final List<FsMove> moved = new ArrayList<>();

  private PatchPlan(RootPolicy policy, Path cwd) {
    this.policy = policy;
    this.cwd = cwd;
  }

  /** Resolves every path and computes every new content; relative paths are against {@code cwd}. */
  static PatchPlan prepare(Patch patch, RootPolicy policy, Path cwd) {
    PatchPlan plan = new PatchPlan(policy, cwd);
    for (Patch.FileOp op : patch.ops()) {
      if (op instanceof Patch.AddFile add) {
        plan.add(add);
      } else if (op instanceof Patch.DeleteFile delete) {
        plan.delete(delete);
      } else {
        plan.update((Patch.UpdateFile) op);
      }
    }
    return plan;
  }

  private void add(Patch.AddFile op) {
    Path target = policy.resolve(op.path(), cwd);
    if (exists(target)) {
      throw FsErrors.patchFailed("cannot add " + target + ": it already exists", target);
    }
    outcome.put(target, Optional.of(op.content().getBytes(StandardCharsets.UTF_8)));
    added.add(target.toString());
  }

  private void delete(Patch.DeleteFile op) {
    Path target = policy.resolveNoFollow(op.path(), cwd);
    requireFile(target, "delete");
    outcome.put(target, Optional.empty());
    deleted.add(target.toString());
  }

  private void update(Patch.UpdateFile op) {
    Path source = policy.resolve(op.path(), cwd);
    String text = Utf8.decode(current(source));
    if (text == null) {
      throw FsErrors.patchFailed("cannot update " + source + ": it is not UTF-8 text", source);
    }
    byte[] content = ChunkApplier.apply(text, op.chunks(), source).getBytes(StandardCharsets.UTF_8);
    String moveTo = op.moveTo();
    Path target = moveTo == null ? source : policy.resolve(moveTo, cwd);
    if (target.equals(source)) {
      outcome.put(source, Optional.of(content));
      updated.add(source.toString());
      return;
    }
    FileStat there = outcome.containsKey(target) ? null : statOf(target);
    if (there != null && there.isDirectory()) {
      throw FsErrors.patchFailed("cannot move " + source + " to " + target + ": it is a directory", target);
    }
    outcome.put(target, Optional.of(content));
    outcome.put(source, Optional.empty());
    moved.add(new FsMove(source.toString(), target.toString()));
  }

  /** Whether {@code path} exists once the earlier operations of this patch are applied. */
  private boolean exists(Path path) {
    @Nullable Optional<byte[]> planned = outcome.get(path);
    return planned != null ? planned.isPresent() : statOf(path) != null;
  }

  /** The content of a file to update, as the earlier operations of this patch left it. */
  private byte[] current(Path path) {
    requireFile(path, "update");
    @Nullable Optional<byte[]> planned = outcome.get(path);
    if (planned != null) {
      return planned.orElseThrow();
    }
    try {
      return policy.beneath(path.toString(), cwd, true, at -> {
        try (Dir dir = at.openParent()) {
          return FsService.readAll(dir, at);
        }
      });
    } catch (IOException e) {
      throw FsErrors.io(path, e);
    }
  }

  /** Refuses a path that is missing, a directory or a special file, once earlier operations applied. */
  private void requireFile(Path path, String verb) {
    @Nullable Optional<byte[]> planned = outcome.get(path);
    if (planned != null) {
      if (planned.isEmpty()) {
        throw FsErrors.patchFailed("cannot " + verb + " " + path + ": the patch deleted it earlier", path);
      }
      return;
    }
    FileStat st = statOf(path);
    if (st == null) {
      throw FsErrors.patchFailed("cannot " + verb + " " + path + ": no such file", path);
    }
    if (st.isDirectory()) {
      throw FsErrors.patchFailed("cannot " + verb + " " + path + ": it is a directory", path);
    }
    if (!st.isRegularFile() && !st.isSymbolicLink()) {
      throw FsErrors.patchFailed("cannot " + verb + " " + path + ": it is not a regular file", path);
    }
  }

  /** {@code path} itself (not followed) as it is on disk now, or null when missing. */
  private @Nullable FileStat statOf(Path path) {
    try {
      return policy.beneath(path.toString(), cwd, false, at -> {
        try (Dir dir = at.openParent()) {
          return dir.stat(at.name());
        } catch (NoSuchFileException | NotDirectoryException e) {
          return null;
        }
      });
    } catch (IOException e) {
      throw FsErrors.io(path, e);
    }
  }

  /**
   * Writes the planned outcome: stage every new content as a temporary file, record the renames
   * and deletions in a journal when there is more than one, then rename and delete, then drop the
   * journal. A failure while staging removes the temporary files and the directories it created.
   */
  FsPatchResult apply(TempFiles temps, PatchJournal journal) throws IOException {
    Map<Path, Dir> dirs = new HashMap<>();
    List<Path> createdDirs = new ArrayList<>();
    List<AtomicFiles.Staged> staged = new ArrayList<>();
    List<PatchJournal.Removal> removals = new ArrayList<>();
    try {
      try {
        for (Map.Entry<Path, Optional<byte[]>> e : outcome.entrySet()) {
          Path target = e.getKey();
          boolean write = e.getValue().isPresent();
          Dir dir = directory(target, write, dirs, createdDirs);
          String name = String.valueOf(target.getFileName());
          FileStat before = dir.stat(name);
          if (write) {
            temps.sweep(dir);
            staged.add(AtomicFiles.stage(dir, name, e.getValue().get(), before, temps));
          } else if (before != null) {
            removals.add(new PatchJournal.Removal(dir, name, before));
          }
        }
      } catch (IOException | RuntimeException e) {
        staged.forEach(PatchPlan::discard);
        removeCreated(createdDirs);
        throw e;
      }
      try (PatchJournal.Entry entry = journal.record(staged, removals)) {
        for (int i = 0; i < staged.size(); i++) {
          commitOrDiscardRest(staged, i);
        }
        for (PatchJournal.Removal r : removals) {
          r.apply();
        }
        entry.done();
      }
    } finally {
      dirs.values().forEach(Dir::close);
    }
    return new FsPatchResult(added, updated, deleted, moved);
  }

  /** The open directory holding {@code target}, opened once per patch (created for a write). */
  private Dir directory(Path target, boolean create, Map<Path, Dir> dirs, List<Path> created) throws IOException {
    Path parent = target.getParent();
    Dir dir = dirs.get(parent);
    if (dir == null) {
      dir = policy.beneath(target.toString(), cwd, false, at -> create ? at.makeParents(created) : at.openParent());
      dirs.put(parent, dir);
    }
    return dir;
  }

  private static void commitOrDiscardRest(List<AtomicFiles.Staged> staged, int index) throws IOException {
    try {
      staged.get(index).commit(false);
    } catch (IOException e) {
      staged.subList(index + 1, staged.size()).forEach(PatchPlan::discard);
      throw e;
    }
  }

  /** Removes the directories staging created, innermost first, each only if still empty. */
  private void removeCreated(List<Path> createdDirs) {
    for (int i = createdDirs.size() - 1; i >= 0; i--) {
      try {
        policy.beneath(createdDirs.get(i).toString(), cwd, false, at -> {
          try (Dir parent = at.openParent()) {
            parent.removeDir(at.name());
          }
          return null;
        });
      } catch (IOException | RuntimeException e) {
        // someone put a file there meanwhile, or it is gone: the staging failure is what the caller hears about
      }
    }
  }

  private static void discard(AtomicFiles.Staged s) {
    try {
      s.discard();
    } catch (IOException e) {
      // best effort: a stray temporary file is removed by the next write into its directory
    }
  }
}
