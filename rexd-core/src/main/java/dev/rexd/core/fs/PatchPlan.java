package dev.rexd.core.fs;

import dev.rexd.api.fs.FsMove;
import dev.rexd.api.fs.FsPatchResult;
import dev.rexd.core.policy.RootPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
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
 * <p>Operations see the effect of earlier ones in the same patch. Writing first stages every new
 * content as a temporary file (creating missing parent directories for Add and Move), and only
 * when all are staged renames them into place and deletes what is deleted; a failure while staging
 * removes the temporary files and the directories it created.
 *
 * <pre>{@code
 * FsPatchResult r = PatchPlan.prepare(PatchParser.parse(text), session.policy(), cwd).apply();
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
    if (Files.isDirectory(target) && !outcome.containsKey(target)) {
      throw FsErrors.patchFailed("cannot move " + source + " to " + target + ": it is a directory", target);
    }
    outcome.put(target, Optional.of(content));
    outcome.put(source, Optional.empty());
    moved.add(new FsMove(source.toString(), target.toString()));
  }

  /** Whether {@code path} exists once the earlier operations of this patch are applied. */
  private boolean exists(Path path) {
    @Nullable Optional<byte[]> planned = outcome.get(path);
    return planned != null ? planned.isPresent() : Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }

  /** The content of a file to update, as the earlier operations of this patch left it. */
  private byte[] current(Path path) {
    requireFile(path, "update");
    @Nullable Optional<byte[]> planned = outcome.get(path);
    if (planned != null) {
      return planned.orElseThrow();
    }
    try {
      return Files.readAllBytes(path);
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
    try {
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attrs.isDirectory()) {
        throw FsErrors.patchFailed("cannot " + verb + " " + path + ": it is a directory", path);
      }
      if (attrs.isOther()) {
        throw FsErrors.patchFailed("cannot " + verb + " " + path + ": it is not a regular file", path);
      }
    } catch (NoSuchFileException e) {
      throw FsErrors.patchFailed("cannot " + verb + " " + path + ": no such file", path);
    } catch (IOException e) {
      throw FsErrors.io(path, e);
    }
  }

  /** Writes the planned outcome: stage every new content, then rename them in and delete. */
  FsPatchResult apply() {
    List<Path> createdDirs = new ArrayList<>();
    List<AtomicFiles.Staged> staged = new ArrayList<>();
    Path current = cwd;
    try {
      for (Map.Entry<Path, Optional<byte[]>> e : outcome.entrySet()) {
        current = e.getKey();
        if (e.getValue().isPresent()) {
          createParents(current.getParent(), createdDirs);
          staged.add(AtomicFiles.stage(current, e.getValue().get()));
        }
      }
    } catch (IOException e) {
      staged.forEach(PatchPlan::discard);
      removeCreated(createdDirs);
      throw FsErrors.io(current, e);
    }
    try {
      for (int i = 0; i < staged.size(); i++) {
        current = staged.get(i).target();
        commitOrDiscardRest(staged, i);
      }
      for (Map.Entry<Path, Optional<byte[]>> e : outcome.entrySet()) {
        current = e.getKey();
        if (e.getValue().isEmpty()) {
          Files.deleteIfExists(current);
        }
      }
    } catch (IOException e) {
      throw FsErrors.io(current, e);
    }
    return new FsPatchResult(added, updated, deleted, moved);
  }

  private static void commitOrDiscardRest(List<AtomicFiles.Staged> staged, int index) throws IOException {
    try {
      staged.get(index).commit();
    } catch (IOException e) {
      staged.subList(index + 1, staged.size()).forEach(PatchPlan::discard);
      throw e;
    }
  }

  private static void createParents(Path dir, List<Path> created) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      createParents(parent, created);
    }
    Files.createDirectory(dir);
    created.add(dir);
  }

  private static void removeCreated(List<Path> createdDirs) {
    for (int i = createdDirs.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(createdDirs.get(i));
      } catch (DirectoryNotEmptyException stillUsed) {
        // someone else put a file there meanwhile: leave it
      } catch (IOException e) {
        // best effort: the staging failure is what the caller hears about
      }
    }
  }

  private static void discard(AtomicFiles.Staged s) {
    try {
      s.discard();
    } catch (IOException e) {
      // best effort: a stray temporary file is harmless
    }
  }
}
