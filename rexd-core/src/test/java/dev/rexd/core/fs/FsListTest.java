package dev.rexd.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.fs.EntryType;
import dev.rexd.api.fs.FsEntry;
import dev.rexd.api.fs.FsListParams;
import dev.rexd.api.fs.FsListResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FsListTest extends FsTestSupport {

  private FsListResult list(String path, Boolean recursive, Integer max) {
    return fs.list(session, new FsListParams(SID, path, recursive, max));
  }

  @Test
  void listsEntriesSortedByPathWithTypesSizesAndAbsolutePaths() throws Exception {
    Path b = file("b.txt", "bbb");
    file("a.txt", "a");
    Files.createDirectory(root.resolve("c"));
    Files.createSymbolicLink(root.resolve("l"), b);

    FsListResult r = list(".", null, null);

    assertThat(r.path()).isEqualTo(root.toString());
    assertThat(r.truncated()).isFalse();
    assertThat(r.entries()).extracting(FsEntry::name).containsExactly("a.txt", "b.txt", "c", "l");
    assertThat(r.entries()).extracting(FsEntry::type)
        .containsExactly(EntryType.FILE, EntryType.FILE, EntryType.DIR, EntryType.SYMLINK);
    FsEntry second = r.entries().get(1);
    assertThat(second.path()).isEqualTo(b.toString());
    assertThat(second.size()).isEqualTo(3);
    assertThat(second.mtime()).isEqualTo(Files.getLastModifiedTime(b).toMillis());
  }

  @Test
  void thePathDefaultsToTheSessionCwd() throws Exception {
    file("a.txt", "a");

    FsListResult r = list(null, null, null);

    assertThat(r.path()).isEqualTo(root.toString());
    assertThat(r.entries()).extracting(FsEntry::path).containsExactly(root.resolve("a.txt").toString());
  }

  @Test
  void aFifoIsOther() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start();
    assumeThat(mkfifo.waitFor()).as("mkfifo available").isZero();

    assertThat(list(".", null, null).entries()).extracting(FsEntry::type).containsExactly(EntryType.OTHER);
  }

  @Test
  void recursiveListsTheTreeSortedByPathWithoutFollowingSymlinks() throws Exception {
    file("src/main/A.java", "class A {}");
    file("src/B.java", "class B {}");
    file("top.txt", "t");
    Files.writeString(outside.resolve("o.txt"), "o");
    Files.createSymbolicLink(root.resolve("src/out"), outside);
    Files.createSymbolicLink(root.resolve("loop"), root);

    FsListResult r = list("", true, null);

    assertThat(r.entries()).extracting(e -> root.relativize(Path.of(e.path())).toString())
        .containsExactly("loop", "src", "src/B.java", "src/main", "src/main/A.java", "src/out", "top.txt");
    assertThat(r.entries()).filteredOn(e -> e.name().equals("out")).extracting(FsEntry::type)
        .containsExactly(EntryType.SYMLINK);
  }

  @Test
  void maxEntriesKeepsTheFirstSortedEntriesAndSaysTruncated() throws Exception {
    for (String n : new String[] {"d", "b", "e", "a", "c"}) {
      file(n, n);
    }

    FsListResult r = list(".", false, 3);

    assertThat(r.entries()).extracting(FsEntry::name).containsExactly("a", "b", "c");
    assertThat(r.truncated()).isTrue();
    assertThat(list(".", true, 2).entries()).extracting(FsEntry::name).containsExactly("a", "b");
    assertThat(list(".", false, 5).truncated()).isFalse();
  }

  @Test
  void aFileIsNotADirectory() throws Exception {
    Path f = file("a.txt", "a");

    var e = failsWith(() -> list("a.txt", null, null), ErrorCode.INVALID_PARAMS, "not_a_directory");

    assertThat(e.data()).containsEntry("path", f.toString());
  }

  @Test
  void aMissingDirectoryIsNotFound() {
    var e = failsWith(() -> list("nope", true, null), ErrorCode.INVALID_PARAMS, "not_found");

    assertThat(e.data()).containsEntry("path", root.resolve("nope").toString());
  }

  @Test
  void escapesAreForbidden() throws Exception {
    linksOut();

    forbidden(() -> list("..", null, null), "..");
    forbidden(() -> list("../outside", true, null), "../outside");
    forbidden(() -> list("out", null, null), "out");
    forbidden(() -> list(outside.toString(), null, null), outside.toString());
  }
}
