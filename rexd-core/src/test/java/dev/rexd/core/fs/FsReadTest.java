package dev.rexd.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.Encoding;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.fs.FsReadParams;
import dev.rexd.api.fs.FsReadResult;
import dev.rexd.core.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FsReadTest extends FsTestSupport {

  private FsReadResult read(String path, Long offset, Long length, Encoding encoding) {
    return fs.read(session, new FsReadParams(SID, path, offset, length, encoding));
  }

  private FsReadResult read(String path) {
    return read(path, null, null, null);
  }

  @Test
  void readsUtf8TextWithSizeMtimeAndAbsolutePath() throws Exception {
    Path f = file("docs/a.txt", "héllo\n");

    FsReadResult r = read("docs/a.txt");

    assertThat(r.path()).isEqualTo(f.toString());
    assertThat(r.content()).isEqualTo("héllo\n");
    assertThat(r.encoding()).isEqualTo(Encoding.UTF8);
    assertThat(r.size()).isEqualTo(7);
    assertThat(r.mtime()).isEqualTo(Files.getLastModifiedTime(f).toMillis());
    assertThat(r.truncated()).isFalse();
  }

  @Test
  void bytesThatAreNotUtf8ComeBackAsBase64() throws Exception {
    byte[] bytes = {(byte) 0xff, (byte) 0xfe, 'a', 0};
    Files.write(root.resolve("bin"), bytes);

    FsReadResult r = read("bin");

    assertThat(r.encoding()).isEqualTo(Encoding.BASE64);
    assertThat(Base64.getDecoder().decode(r.content())).isEqualTo(bytes);
  }

  @Test
  void base64WhenAskedForEvenForText() throws Exception {
    file("a.txt", "hi");

    FsReadResult r = read("a.txt", null, null, Encoding.BASE64);

    assertThat(r.encoding()).isEqualTo(Encoding.BASE64);
    assertThat(r.content()).isEqualTo("aGk=");
  }

  @Test
  void offsetAndLengthSelectARangeAndSizeIsTheWholeFile() throws Exception {
    file("a.txt", "0123456789");

    FsReadResult r = read("a.txt", 2L, 3L, null);

    assertThat(r.content()).isEqualTo("234");
    assertThat(r.size()).isEqualTo(10);
    assertThat(r.truncated()).isFalse();
    assertThat(read("a.txt", 7L, null, null).content()).isEqualTo("789");
    assertThat(read("a.txt", 50L, 5L, null).content()).isEmpty();
  }

  @Test
  void stopsAtMaxFileReadBytesWithTruncated() throws Exception {
    file("big.txt", "0123456789");
    session = sessionWith(Limits.defaults().withMaxFileReadBytes(4));

    FsReadResult r = read("big.txt");

    assertThat(r.content()).isEqualTo("0123");
    assertThat(r.truncated()).isTrue();
    assertThat(r.size()).isEqualTo(10);
    assertThat(read("big.txt", 6L, null, null).truncated()).isFalse();
    assertThat(read("big.txt", 2L, 3L, null).truncated()).isFalse();
  }

  @Test
  void aDirectoryIsADirectoryError() throws Exception {
    Files.createDirectory(root.resolve("d"));

    var e = failsWith(() -> read("d"), ErrorCode.INVALID_PARAMS, "is_a_directory");

    assertThat(e.data()).containsEntry("path", root.resolve("d").toString());
  }

  @Test
  void aMissingFileIsNotFoundWithItsPath() {
    var e = failsWith(() -> read("nope.txt"), ErrorCode.INVALID_PARAMS, "not_found");

    assertThat(e.data()).containsEntry("path", root.resolve("nope.txt").toString());
    assertThat(e.code().code()).isEqualTo(-32602);
  }

  @Test
  void followsASymlinkThatStaysInside() throws Exception {
    Path target = file("real.txt", "inside");
    Files.createSymbolicLink(root.resolve("link"), target);

    FsReadResult r = read("link");

    assertThat(r.content()).isEqualTo("inside");
    assertThat(r.path()).isEqualTo(target.toString());
  }

  @Test
  void escapesAreForbidden() throws Exception {
    linksOut();
    Files.writeString(outside.resolve("x"), "x");

    forbidden(() -> read("../outside/x"), "../outside/x");
    forbidden(() -> read("secret"), "secret");
    forbidden(() -> read("out/secret.txt"), "out/secret.txt");
    forbidden(() -> read("dangling"), "dangling");
    forbidden(() -> read(outside.resolve("x").toString()), outside.resolve("x").toString());
  }
}
