package dev.rexd.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.fs.EntryType;
import dev.rexd.api.fs.FsEditParams;
import dev.rexd.api.fs.FsGlobParams;
import dev.rexd.api.fs.FsListParams;
import dev.rexd.api.fs.FsPatchParams;
import dev.rexd.api.fs.FsReadParams;
import dev.rexd.api.fs.FsStatParams;
import dev.rexd.api.fs.FsStatResult;
import dev.rexd.api.fs.FsWriteParams;
import dev.rexd.api.fs.WriteMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Long names, hard links, temporary file debris, and the edit and stat details of section 5. */
class FsSafetyTest extends FsTestSupport {
  private static final String LONG = "n".repeat(256);

  @Test
  void aNameLongerThan255BytesIsNameTooLongOnEveryMethod() {
    String deep = "a/" + LONG + "/b.txt";
    String multiByte = "é".repeat(128) + ".txt"; // 128 chars, 260 bytes
    for (String path : List.of(LONG, deep, multiByte)) {
      failsWith(() -> fs.read(session, new FsReadParams(SID, path, null, null, null)), ErrorCode.INVALID_PARAMS,
          "name_too_long");
      failsWith(() -> fs.write(session, new FsWriteParams(SID, path, "x", null, null, true, null, null)),
          ErrorCode.INVALID_PARAMS, "name_too_long");
      failsWith(() -> fs.stat(session, new FsStatParams(SID, path)), ErrorCode.INVALID_PARAMS, "name_too_long");
      failsWith(() -> fs.list(session, new FsListParams(SID, path, null, null)), ErrorCode.INVALID_PARAMS,
          "name_too_long");
      failsWith(() -> fs.edit(session, new FsEditParams(SID, path, "", "x", null, null)), ErrorCode.INVALID_PARAMS,
          "name_too_long");
      failsWith(() -> fs.glob(session, new FsGlobParams(SID, path + "/*", null, null)), ErrorCode.INVALID_PARAMS,
          "name_too_long");
      failsWith(() -> fs.patch(session, new FsPatchParams(SID, "*** Begin Patch\n*** Add File: " + path
          + "\n+x\n*** End Patch", null)), ErrorCode.INVALID_PARAMS, "name_too_long");
    }
  }

  @Test
  void appendAndInPlaceWritesThroughAHardLinkAreRefusedAtomicReplaceIsNot() throws IOException {
    Path outsideFile = Files.writeString(outside.resolve("victim.txt"), "outside\n");
    Files.createLink(root.resolve("link.txt"), outsideFile);
    var e = failsWith(() -> fs.write(session, new FsWriteParams(SID, "link.txt", "more", null, WriteMode.APPEND, null,
        null, null)), ErrorCode.FORBIDDEN_PATH, "hardlinked");
    assertThat(e.data()).containsEntry("path", root.resolve("link.txt").toString());
    failsWith(() -> fs.write(session, new FsWriteParams(SID, "link.txt", "new", null, null, null, false, null)),
        ErrorCode.FORBIDDEN_PATH, "hardlinked");
    assertThat(text(outsideFile)).isEqualTo("outside\n");

    fs.write(session, FsWriteParams.replace(SID, "link.txt", "replaced\n"));
    assertThat(text(root.resolve("link.txt"))).isEqualTo("replaced\n");
    assertThat(text(outsideFile)).as("an atomic replace makes a new file").isEqualTo("outside\n");
  }

  @Test
  void hardLinkedWritesCanBeAllowed() throws IOException {
    Path shared = Files.writeString(root.resolve("a.txt"), "a\n");
    Files.createLink(root.resolve("b.txt"), shared);
    FsService allowing = new FsService(new FsOptions(stateDir, true));
    allowing.write(session, new FsWriteParams(SID, "b.txt", "b\n", null, WriteMode.APPEND, null, null, null));
    assertThat(text(shared)).isEqualTo("a\nb\n");
  }

  @Test
  void temporaryFilesOfDeadProcessesAreRemovedWhenWritingIntoTheirDirectory() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.createDirectory(root.resolve("sub"));
    Path dead = Files.writeString(root.resolve("sub/.rexd-" + gone.pid() + "-0123456789abcdef.tmp"), "debris");
    Path live = Files.writeString(root.resolve("sub/.rexd-1-0123456789abcdef.tmp"), "pid 1 runs");
    Path lookalike = Files.writeString(root.resolve("sub/.rexd-notes.tmp"), "not ours");
    assertThat(fs.list(session, new FsListParams(SID, "sub", null, null)).entries()).hasSize(3);

    fs.write(session, FsWriteParams.replace(SID, "sub/file.txt", "x"));

    assertThat(dead).doesNotExist();
    assertThat(live).exists();
    assertThat(lookalike).exists();
    try (Stream<Path> files = Files.list(root.resolve("sub"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .allMatch(n -> !n.startsWith(".rexd-" + ProcessHandle.current().pid() + "-"), "no temporary file of ours left");
    }
  }

  @Test
  void editWithAnEmptyOldStringCreatesMissingParents() throws IOException {
    var r = fs.edit(session, new FsEditParams(SID, "new/deep/file.txt", "", "hello\n", null, null));
    assertThat(r.created()).isTrue();
    assertThat(text(root.resolve("new/deep/file.txt"))).isEqualTo("hello\n");
  }

  @Test
  void editWithOldStringEqualToNewStringIsNoChange() throws IOException {
    file("same.txt", "abc\n");
    var e = failsWith(() -> fs.edit(session, new FsEditParams(SID, "same.txt", "abc", "abc", null, null)),
        ErrorCode.INVALID_PARAMS, "no_change");
    assertThat(e.getMessage()).contains("same");
    assertThat(text(root.resolve("same.txt"))).isEqualTo("abc\n");
  }

  @Test
  void statOfASymlinkReportsWhatItResolvesTo() throws IOException {
    file("dir/f.txt", "x");
    Files.createSymbolicLink(root.resolve("to-file"), root.resolve("dir/f.txt"));
    Files.createSymbolicLink(root.resolve("to-dir"), Path.of("dir"));
    Files.createSymbolicLink(root.resolve("to-nothing"), Path.of("missing"));
    Files.createSymbolicLink(root.resolve("to-outside"), outside);
    Files.createSymbolicLink(root.resolve("to-link"), Path.of("to-dir"));

    assertThat(stat("to-file").targetType()).isEqualTo("file");
    assertThat(stat("to-dir").targetType()).isEqualTo("dir");
    assertThat(stat("to-link").targetType()).isEqualTo("dir");
    assertThat(stat("to-nothing").targetType()).isEqualTo("missing");
    assertThat(stat("to-outside").targetType()).as("never looks outside the roots").isNull();
    assertThat(stat("to-outside").type()).isEqualTo(EntryType.SYMLINK);
    assertThat(stat("dir/f.txt").targetType()).isNull();
  }

  @Test
  void aPathThroughASymlinkedDirectoryInsideTheRootsIsResolvedToItsRealPath() throws IOException {
    file("dir/sub/f.txt", "through the link");
    Files.createSymbolicLink(root.resolve("to-dir"), Path.of("dir"));

    var read = fs.read(session, new FsReadParams(SID, "to-dir/sub/f.txt", null, null, null));
    assertThat(read.content()).isEqualTo("through the link");
    assertThat(read.path()).isEqualTo(root.resolve("dir/sub/f.txt").toString());
    fs.write(session, FsWriteParams.replace(SID, "to-dir/sub/g.txt", "written through it"));
    assertThat(text(root.resolve("dir/sub/g.txt"))).isEqualTo("written through it");
    assertThat(Files.isSymbolicLink(root.resolve("to-dir"))).as("the link itself is left as it was").isTrue();
    assertThat(stat("to-dir/sub").path()).isEqualTo(root.resolve("dir/sub").toString());
  }

  private FsStatResult stat(String path) {
    return fs.stat(session, new FsStatParams(SID, path));
  }
}
