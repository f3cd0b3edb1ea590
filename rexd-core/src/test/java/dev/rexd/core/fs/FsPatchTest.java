package dev.rexd.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.fs.FsMove;
import dev.rexd.api.fs.FsPatchParams;
import dev.rexd.api.fs.FsPatchResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FsPatchTest extends FsTestSupport {

  private FsPatchResult patch(String... lines) {
    return patchIn(null, lines);
  }

  private FsPatchResult patchIn(String cwd, String... lines) {
    String body = String.join("\n", lines);
    return fs.patch(session, new FsPatchParams(SID, "*** Begin Patch\n" + body + "\n*** End Patch\n", cwd));
  }

  @Test
  void addCreatesTheFileAndItsParents() throws Exception {
    FsPatchResult r = patch("*** Add File: docs/guide/new.md", "+# Title", "+", "+body");

    Path f = root.resolve("docs/guide/new.md");
    assertThat(text(f)).isEqualTo("# Title\n\nbody\n");
    assertThat(r.added()).containsExactly(f.toString());
    assertThat(r.updated()).isEmpty();
    assertThat(r.deleted()).isEmpty();
    assertThat(r.moved()).isEmpty();
  }

  @Test
  void deleteRemovesTheFile() throws Exception {
    Path f = file("old.txt", "bye\n");

    FsPatchResult r = patch("*** Delete File: old.txt");

    assertThat(f).doesNotExist();
    assertThat(r.deleted()).containsExactly(f.toString());
  }

  @Test
  void updateAppliesEveryChunkInOrder() throws Exception {
    Path f = file("app.py", "import os\n\ndef a():\n    return 1\n\ndef b():\n    return 1\n");

    FsPatchResult r = patch(
        "*** Update File: app.py",
        "@@",
        " import os",
        "+import sys",
        "@@ def b():",
        "-    return 1",
        "+    return 2");

    assertThat(text(f)).isEqualTo("import os\nimport sys\n\ndef a():\n    return 1\n\ndef b():\n    return 2\n");
    assertThat(r.updated()).containsExactly(f.toString());
  }

  @Test
  void anAnchorPicksTheOccurrenceAfterIt() throws Exception {
    Path f = file("a.txt", "x\nsection two\nx\n");

    patch("*** Update File: a.txt", "@@ section two", "-x", "+y");

    assertThat(text(f)).isEqualTo("x\nsection two\ny\n");
  }

  @Test
  void addedLinesOnlyGoAfterTheAnchorOrAtTheEnd() throws Exception {
    Path f = file("a.txt", "one\ntwo\nthree\n");

    patch("*** Update File: a.txt", "@@ one", "+one and a half", "@@", "+four");

    assertThat(text(f)).isEqualTo("one\none and a half\ntwo\nthree\nfour\n");
  }

  @Test
  void endOfFilePrefersTheLastOccurrence() throws Exception {
    Path f = file("a.txt", "end\nmiddle\nend\n");

    patch("*** Update File: a.txt", "@@", "-end", "+END", "*** End of File");

    assertThat(text(f)).isEqualTo("end\nmiddle\nEND\n");
  }

  @Test
  void matchingToleratesTrailingThenSurroundingWhitespace() throws Exception {
    Path f = file("a.txt", "alpha   \n    beta\ngamma\n");

    patch("*** Update File: a.txt", "@@", " alpha", "-beta", "+BETA", " gamma");

    assertThat(text(f)).isEqualTo("alpha   \nBETA\ngamma\n");
  }

  @Test
  void blankLinesClosingAChunkAreForgivenWhenTheFileHasNone() throws Exception {
    Path f = file("a.txt", "a\nb");

    patch("*** Update File: a.txt", "@@", "-b", "+c", "", "");

    assertThat(text(f)).isEqualTo("a\nc\n");
  }

  @Test
  void aCrlfFileKeepsItsLineEndings() throws Exception {
    Path f = file("win.txt", "one\r\ntwo\r\n");

    patch("*** Update File: win.txt", "@@", "-two", "+2");

    assertThat(text(f)).isEqualTo("one\r\n2\r\n");
  }

  @Test
  void moveWritesTheNewPathCreatingParentsAndRemovesTheOld() throws Exception {
    Path from = file("src/a.txt", "keep\nchange\n");

    FsPatchResult r = patch("*** Update File: src/a.txt", "*** Move to: lib/deep/b.txt", "@@", "-change", "+changed");

    Path to = root.resolve("lib/deep/b.txt");
    assertThat(from).doesNotExist();
    assertThat(text(to)).isEqualTo("keep\nchanged\n");
    assertThat(r.moved()).containsExactly(new FsMove(from.toString(), to.toString()));
    assertThat(r.updated()).isEmpty();
  }

  @Test
  void aPureRenameKeepsTheContent() throws Exception {
    Path from = file("a.txt", "same\n");

    FsPatchResult r = patch("*** Update File: a.txt", "*** Move to: b.txt");

    assertThat(from).doesNotExist();
    assertThat(text(root.resolve("b.txt"))).isEqualTo("same\n");
    assertThat(r.moved()).hasSize(1);
  }

  @Test
  void updateKeepsPermissionBits() throws Exception {
    Path f = file("run.sh", "echo a\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));

    patch("*** Update File: run.sh", "@@", "-echo a", "+echo b");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rwxr-xr-x");
  }

  @Test
  void laterOperationsSeeEarlierOnes() throws Exception {
    FsPatchResult r = patch(
        "*** Add File: n.txt", "+first",
        "*** Update File: n.txt", "@@", "-first", "+second");

    assertThat(text(root.resolve("n.txt"))).isEqualTo("second\n");
    assertThat(r.added()).hasSize(1);
    assertThat(r.updated()).hasSize(1);
  }

  @Test
  void pathsAreRelativeToTheCwdParam() throws Exception {
    Path f = file("sub/a.txt", "x\n");

    FsPatchResult r = patchIn("sub", "*** Update File: a.txt", "@@", "-x", "+y", "*** Add File: b.txt", "+b");

    assertThat(text(f)).isEqualTo("y\n");
    assertThat(r.added()).containsExactly(root.resolve("sub/b.txt").toString());
    failsWith(() -> patchIn("nope", "*** Add File: b.txt", "+b"), ErrorCode.INVALID_PARAMS, "not_found");
  }

  @Test
  void allOrNothingAFailingHunkInTheSecondFileLeavesTheFirstUntouched() throws Exception {
    Path first = file("first.txt", "a\nb\n");
    Path second = file("second.txt", "one\ntwo\nthree\n");
    Path gone = file("gone.txt", "still here\n");

    var e = failsWith(() -> patch(
            "*** Update File: first.txt", "@@", "-a", "+A",
            "*** Add File: added.txt", "+new",
            "*** Delete File: gone.txt",
            "*** Update File: second.txt", "@@", " one", " two", "-four", "+FOUR"),
        ErrorCode.INVALID_PARAMS, "patch_failed");

    assertThat(e.data()).containsEntry("path", second.toString()).containsEntry("line", "four");
    assertThat(e.getMessage()).contains(second.toString()).contains("four");
    assertThat(text(first)).isEqualTo("a\nb\n");
    assertThat(text(second)).isEqualTo("one\ntwo\nthree\n");
    assertThat(root.resolve("added.txt")).doesNotExist();
    assertThat(text(gone)).isEqualTo("still here\n");
  }

  @Test
  void theFirstUnmatchedLineIsNamed() throws Exception {
    file("a.txt", "alpha\nbeta\ngamma\n");

    var e = failsWith(() -> patch("*** Update File: a.txt", "@@", " alpha", " beta", "-delta", "+x"),
        ErrorCode.INVALID_PARAMS, "patch_failed");
    assertThat(e.data()).containsEntry("line", "delta");

    var anchor = failsWith(() -> patch("*** Update File: a.txt", "@@ omega", "-beta", "+x"),
        ErrorCode.INVALID_PARAMS, "patch_failed");
    assertThat(anchor.data()).containsEntry("line", "omega");
  }

  @Test
  void addingAnExistingFileFailsAndTouchesNothing() throws Exception {
    Path other = file("other.txt", "x\n");
    Path existing = file("exists.txt", "old\n");

    var e = failsWith(() -> patch("*** Update File: other.txt", "@@", "-x", "+y", "*** Add File: exists.txt", "+new"),
        ErrorCode.INVALID_PARAMS, "patch_failed");

    assertThat(e.data()).containsEntry("path", existing.toString());
    assertThat(e.getMessage()).contains("already exists");
    assertThat(text(existing)).isEqualTo("old\n");
    assertThat(text(other)).isEqualTo("x\n");
  }

  @Test
  void missingFilesAndDirectoriesFail() throws Exception {
    Files.createDirectory(root.resolve("d"));

    failsWith(() -> patch("*** Delete File: nope.txt"), ErrorCode.INVALID_PARAMS, "patch_failed");
    failsWith(() -> patch("*** Update File: nope.txt", "@@", "-a", "+b"), ErrorCode.INVALID_PARAMS, "patch_failed");
    failsWith(() -> patch("*** Delete File: d"), ErrorCode.INVALID_PARAMS, "patch_failed");
    failsWith(() -> patch("*** Delete File: d2", "*** Delete File: d2"), ErrorCode.INVALID_PARAMS, "patch_failed");
    assertThat(root.resolve("d")).isDirectory();
  }

  @Test
  void malformedTextIsPatchFailed() {
    failsWith(() -> fs.patch(session, new FsPatchParams(SID, "not a patch", null)),
        ErrorCode.INVALID_PARAMS, "patch_failed");
  }

  @Test
  void escapesAreForbiddenAndNothingIsTouched() throws Exception {
    linksOut();
    Path inside = file("in.txt", "x\n");
    String update = "*** Update File: in.txt\n@@\n-x\n+y";

    forbidden(() -> patch(update, "*** Add File: ../outside/new.txt", "+x"), "../outside/new.txt");
    forbidden(() -> patch(update, "*** Update File: secret", "@@", "-secret", "+x"), "secret");
    forbidden(() -> patch(update, "*** Update File: out/secret.txt", "@@", "-secret", "+x"), "out/secret.txt");
    forbidden(() -> patch(update, "*** Add File: dangling", "+x"), "dangling");
    forbidden(() -> patch("*** Update File: in.txt", "*** Move to: ../outside/moved.txt"), "../outside/moved.txt");
    forbidden(() -> patchIn("..", "*** Add File: x.txt", "+x"), "..");

    assertThat(text(inside)).isEqualTo("x\n");
    assertThat(text(outside.resolve("secret.txt"))).isEqualTo("secret\n");
    try (Stream<Path> names = Files.list(outside)) {
      assertThat(names.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
    }
  }

  @Test
  void deletingALinkThatPointsOutsideRemovesOnlyTheLink() throws Exception {
    linksOut();

    FsPatchResult r = patch("*** Delete File: secret");

    assertThat(r.deleted()).containsExactly(root.resolve("secret").toString());
    assertThat(Files.exists(root.resolve("secret"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(text(outside.resolve("secret.txt"))).isEqualTo("secret\n");
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    file("a.txt", "a\n");

    patch("*** Update File: a.txt", "@@", "-a", "+b", "*** Add File: c/d.txt", "+d");

    try (Stream<Path> all = Files.walk(root)) {
      assertThat(all.map(p -> root.relativize(p).toString()))
          .containsExactlyInAnyOrder("", "a.txt", "c", "c/d.txt");
    }
    assertThat(List.of(text(root.resolve("a.txt")), text(root.resolve("c/d.txt")))).containsExactly("b\n", "d\n");
  }
}
