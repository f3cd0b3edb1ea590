package dev.rexd.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.Encoding;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.fs.FsWriteParams;
import dev.rexd.api.fs.FsWriteResult;
import dev.rexd.api.fs.WriteMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FsWriteTest extends FsTestSupport {

  private FsWriteResult write(String path, String content) {
    return fs.write(session, FsWriteParams.replace(SID, path, content));
  }

  private FsWriteResult write(String path, String content, WriteMode mode, Boolean atomic, Long expectedMtime) {
    return fs.write(session, new FsWriteParams(SID, path, content, null, mode, null, atomic, expectedMtime));
  }

  @Test
  void replaceCreatesAMissingFile() throws Exception {
    FsWriteResult r = write("new.txt", "hello");

    Path f = root.resolve("new.txt");
    assertThat(text(f)).isEqualTo("hello");
    assertThat(r.path()).isEqualTo(f.toString());
    assertThat(r.bytesWritten()).isEqualTo(5);
    assertThat(r.created()).isTrue();
    assertThat(r.mtime()).isEqualTo(Files.getLastModifiedTime(f).toMillis());
  }

  @Test
  void replaceOverwritesAndReportsNotCreated() throws Exception {
    Path f = file("a.txt", "old content");

    FsWriteResult r = write("a.txt", "new");

    assertThat(text(f)).isEqualTo("new");
    assertThat(r.created()).isFalse();
    assertThat(r.bytesWritten()).isEqualTo(3);
  }

  @Test
  void bytesWrittenCountsUtf8Bytes() {
    assertThat(write("u.txt", "é€").bytesWritten()).isEqualTo(5);
  }

  @Test
  void createFailsWithExistsOnAnExistingFile() throws Exception {
    Path f = file("a.txt", "keep");

    var e = failsWith(() -> write("a.txt", "new", WriteMode.CREATE, null, null),
        ErrorCode.CONCURRENCY_CONFLICT, "exists");

    assertThat(e.code().code()).isEqualTo(-32006);
    assertThat(e.data()).containsEntry("path", f.toString());
    assertThat(text(f)).isEqualTo("keep");
    failsWith(() -> write("a.txt", "new", WriteMode.CREATE, false, null), ErrorCode.CONCURRENCY_CONFLICT, "exists");
  }

  @Test
  void createMakesANewFileAtomicallyOrNot() throws Exception {
    assertThat(write("c1.txt", "one", WriteMode.CREATE, null, null).created()).isTrue();
    assertThat(write("c2.txt", "two", WriteMode.CREATE, false, null).created()).isTrue();
    assertThat(text(root.resolve("c1.txt"))).isEqualTo("one");
    assertThat(text(root.resolve("c2.txt"))).isEqualTo("two");
  }

  @Test
  void appendAddsToTheEndAndCreatesAMissingFile() throws Exception {
    assertThat(write("log.txt", "a", WriteMode.APPEND, null, null).created()).isTrue();
    FsWriteResult r = write("log.txt", "bc", WriteMode.APPEND, true, null);

    assertThat(text(root.resolve("log.txt"))).isEqualTo("abc");
    assertThat(r.created()).isFalse();
    assertThat(r.bytesWritten()).isEqualTo(2);
  }

  @Test
  void nonAtomicReplaceTruncates() throws Exception {
    Path f = file("a.txt", "a much longer old content");

    write("a.txt", "short", WriteMode.REPLACE, false, null);

    assertThat(text(f)).isEqualTo("short");
  }

  @Test
  void mkdirParentsCreatesMissingDirectories() throws Exception {
    fs.write(session, new FsWriteParams(SID, "x/y/z.txt", "deep", null, null, true, null, null));

    assertThat(text(root.resolve("x/y/z.txt"))).isEqualTo("deep");
  }

  @Test
  void aMissingParentIsNotFoundWithoutMkdirParents() {
    var e = failsWith(() -> write("x/y/z.txt", "deep"), ErrorCode.INVALID_PARAMS, "not_found");

    assertThat(e.data()).containsEntry("path", root.resolve("x/y").toString());
    assertThat(root.resolve("x")).doesNotExist();
  }

  @Test
  void decodesBase64Content() throws Exception {
    fs.write(session, new FsWriteParams(SID, "b.bin", "AP8B", Encoding.BASE64, null, null, null, null));

    assertThat(Files.readAllBytes(root.resolve("b.bin"))).containsExactly(0, 0xff, 1);
  }

  @Test
  void invalidBase64IsInvalidArgument() {
    failsWith(() -> fs.write(session, new FsWriteParams(SID, "b.bin", "%%%", Encoding.BASE64, null, null, null, null)),
        ErrorCode.INVALID_PARAMS, "invalid_argument");
    assertThat(root.resolve("b.bin")).doesNotExist();
  }

  @Test
  void matchingExpectedMtimeWrites() throws Exception {
    Path f = file("a.txt", "v1");
    long mtime = Files.getLastModifiedTime(f).toMillis();

    write("a.txt", "v2", null, null, mtime);

    assertThat(text(f)).isEqualTo("v2");
  }

  @Test
  void expectedMtimeMismatchIsAConflictAndWritesNothing() throws Exception {
    Path f = file("a.txt", "v1");
    long mtime = Files.getLastModifiedTime(f).toMillis();

    for (WriteMode mode : WriteMode.values()) {
      var e = failsWith(() -> write("a.txt", "v2", mode, null, mtime - 1000),
          ErrorCode.CONCURRENCY_CONFLICT, "mtime_mismatch");
      assertThat(e.data()).containsEntry("path", f.toString()).containsEntry("actual_mtime", mtime);
    }
    failsWith(() -> write("missing.txt", "v2", null, null, mtime), ErrorCode.CONCURRENCY_CONFLICT, "mtime_mismatch");

    assertThat(text(f)).isEqualTo("v1");
    assertThat(Files.getLastModifiedTime(f).toMillis()).isEqualTo(mtime);
    assertThat(root.resolve("missing.txt")).doesNotExist();
  }

  @Test
  void writingADirectoryIsADirectoryError() throws Exception {
    Files.createDirectory(root.resolve("d"));

    failsWith(() -> write("d", "x"), ErrorCode.INVALID_PARAMS, "is_a_directory");
    failsWith(() -> write("d", "x", WriteMode.APPEND, null, null), ErrorCode.INVALID_PARAMS, "is_a_directory");
    assertThat(root.resolve("d")).isDirectory();
  }

  @Test
  void atomicReplaceKeepsPermissionBits() throws Exception {
    Path f = file("run.sh", "#!/bin/sh\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x---"));

    write("run.sh", "#!/bin/sh\necho hi\n");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rwxr-x---");
    assertThat(text(f)).endsWith("echo hi\n");
  }

  @Test
  void aNewFileGetsTheUsualPermissionsNotThoseOfATempFile() throws Exception {
    Path reference = Files.createFile(root.resolve("reference"));

    write("new.txt", "x");

    assertThat(Files.getPosixFilePermissions(root.resolve("new.txt")))
        .isEqualTo(Files.getPosixFilePermissions(reference));
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    file("a.txt", "1");
    write("a.txt", "2");
    write("b.txt", "3");
    failsWith(() -> write("a.txt", "4", WriteMode.CREATE, null, null), ErrorCode.CONCURRENCY_CONFLICT, "exists");

    try (Stream<Path> names = Files.list(root)) {
      assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.txt", "b.txt");
    }
  }

  @Test
  void writesThroughAnInsideSymlinkToItsTargetAndKeepsTheLink() throws Exception {
    Path target = file("real.txt", "old");
    Path link = Files.createSymbolicLink(root.resolve("link"), target);

    FsWriteResult r = write("link", "new");

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(text(target)).isEqualTo("new");
    assertThat(r.path()).isEqualTo(target.toString());
  }

  @Test
  void escapesAreForbiddenAndNothingIsWrittenOutside() throws Exception {
    linksOut();

    forbidden(() -> write("../outside/x.txt", "x"), "../outside/x.txt");
    forbidden(() -> write("out/x.txt", "x"), "out/x.txt");
    forbidden(() -> write("secret", "x"), "secret");
    forbidden(() -> write("dangling", "x"), "dangling");
    forbidden(() -> fs.write(session, new FsWriteParams(SID, "out/new/x.txt", "x", null, null, true, null, null)),
        "out/new/x.txt");

    assertThat(text(outside.resolve("secret.txt"))).isEqualTo("secret\n");
    try (Stream<Path> names = Files.list(outside)) {
      assertThat(names.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
    }
  }

  @Test
  void readersSeeTheOldOrTheNewContentNeverAMix() throws Exception {
    String a = "a".repeat(256 * 1024);
    String b = "b".repeat(384 * 1024);
    Path f = file("hot.txt", a);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    AtomicReference<String> torn = new AtomicReference<>();
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread reader = new Thread(() -> {
        try {
          while (writing.get()) {
            String seen = Files.readString(f);
            if (!seen.equals(a) && !seen.equals(b)) {
              torn.compareAndSet(null, "length " + seen.length());
            }
            reads.incrementAndGet();
          }
        } catch (Exception e) {
          torn.compareAndSet(null, e.toString());
        }
      });
      reader.start();
      readers.add(reader);
    }

    try {
      for (int i = 0; i < 150; i++) {
        write("hot.txt", i % 2 == 0 ? b : a);
      }
    } finally {
      writing.set(false);
      for (Thread reader : readers) {
        reader.join();
      }
    }

    assertThat(torn.get()).isNull();
    assertThat(reads.get()).isPositive();
  }
}
