package dev.rexd.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.fs.FsEditParams;
import dev.rexd.api.fs.FsEditResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class FsEditTest extends FsTestSupport {

  private FsEditResult edit(String path, String oldString, String newString) {
    return edit(path, oldString, newString, null, null);
  }

  private FsEditResult edit(String path, String oldString, String newString, Boolean all, Long mtime) {
    return fs.edit(session, new FsEditParams(SID, path, oldString, newString, all, mtime));
  }

  @Test
  void replacesTheOneOccurrence() throws Exception {
    Path f = file("a.txt", "Hello, world\n");

    FsEditResult r = edit("a.txt", "world", "REXD");

    assertThat(text(f)).isEqualTo("Hello, REXD\n");
    assertThat(r.replacements()).isEqualTo(1);
    assertThat(r.created()).isFalse();
    assertThat(r.path()).isEqualTo(f.toString());
    assertThat(r.bytesWritten()).isEqualTo(12);
    assertThat(r.mtime()).isEqualTo(Files.getLastModifiedTime(f).toMillis());
  }

  @Test
  void noOccurrenceIsNoMatch() throws Exception {
    Path f = file("a.txt", "Hello\n");

    var e = failsWith(() -> edit("a.txt", "bye", "x"), ErrorCode.INVALID_PARAMS, "no_match");

    assertThat(e.data()).containsEntry("path", f.toString());
    assertThat(text(f)).isEqualTo("Hello\n");
  }

  @Test
  void twoOccurrencesWithoutReplaceAllIsAmbiguous() throws Exception {
    Path f = file("a.txt", "x = 1; x = 2;");

    var e = failsWith(() -> edit("a.txt", "x =", "y ="), ErrorCode.INVALID_PARAMS, "ambiguous_match");

    assertThat(e.data()).containsEntry("path", f.toString()).containsEntry("occurrences", 2);
    assertThat(text(f)).isEqualTo("x = 1; x = 2;");
  }

  @Test
  void replaceAllReplacesEveryOccurrenceAndCountsThem() throws Exception {
    Path f = file("a.txt", "aXbXcX");

    FsEditResult r = edit("a.txt", "X", "--", true, null);

    assertThat(text(f)).isEqualTo("a--b--c--");
    assertThat(r.replacements()).isEqualTo(3);
    failsWith(() -> edit("a.txt", "nope", "x", true, null), ErrorCode.INVALID_PARAMS, "no_match");
  }

  @Test
  void anEmptyOldStringWritesTheWholeFileCreatingIt() throws Exception {
    FsEditResult r = edit("new.txt", "", "fresh\n");

    assertThat(text(root.resolve("new.txt"))).isEqualTo("fresh\n");
    assertThat(r.created()).isTrue();

    FsEditResult again = edit("new.txt", "", "replaced");

    assertThat(text(root.resolve("new.txt"))).isEqualTo("replaced");
    assertThat(again.created()).isFalse();
  }

  @Test
  void aMissingFileIsNotFound() {
    var e = failsWith(() -> edit("nope.txt", "a", "b"), ErrorCode.INVALID_PARAMS, "not_found");

    assertThat(e.data()).containsEntry("path", root.resolve("nope.txt").toString());
  }

  @Test
  void aDirectoryIsADirectoryError() throws Exception {
    Files.createDirectory(root.resolve("d"));

    failsWith(() -> edit("d", "a", "b"), ErrorCode.INVALID_PARAMS, "is_a_directory");
    failsWith(() -> edit("d", "", "b"), ErrorCode.INVALID_PARAMS, "is_a_directory");
  }

  @Test
  void aFileThatIsNotUtf8IsRefused() throws Exception {
    Files.write(root.resolve("bin"), new byte[] {(byte) 0xff, 'a'});

    failsWith(() -> edit("bin", "a", "b"), ErrorCode.INVALID_PARAMS, "invalid_argument");
  }

  @Test
  void expectedMtimeMismatchIsAConflictAndWritesNothing() throws Exception {
    Path f = file("a.txt", "one");
    long mtime = Files.getLastModifiedTime(f).toMillis();

    failsWith(() -> edit("a.txt", "one", "two", null, mtime + 5000), ErrorCode.CONCURRENCY_CONFLICT, "mtime_mismatch");
    failsWith(() -> edit("a.txt", "", "two", null, mtime + 5000), ErrorCode.CONCURRENCY_CONFLICT, "mtime_mismatch");
    assertThat(text(f)).isEqualTo("one");

    edit("a.txt", "one", "two", null, mtime);
    assertThat(text(f)).isEqualTo("two");
  }

  @Test
  void keepsPermissionBits() throws Exception {
    Path f = file("run.sh", "echo a\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));

    edit("run.sh", "a", "b");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rwx------");
  }

  @Test
  void escapesAreForbidden() throws Exception {
    linksOut();

    forbidden(() -> edit("../outside/secret.txt", "secret", "x"), "../outside/secret.txt");
    forbidden(() -> edit("secret", "secret", "x"), "secret");
    forbidden(() -> edit("out/secret.txt", "secret", "x"), "out/secret.txt");
    forbidden(() -> edit("dangling", "", "x"), "dangling");
    assertThat(text(outside.resolve("secret.txt"))).isEqualTo("secret\n");
    assertThat(outside.resolve("not-there.txt")).doesNotExist();
  }
}
