package dev.rexd.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.fs.EntryType;
import dev.rexd.api.fs.FsStatParams;
import dev.rexd.api.fs.FsStatResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class FsStatTest extends FsTestSupport {

  private FsStatResult stat(String path) {
    return fs.stat(session, new FsStatParams(SID, path));
  }

  @Test
  void describesAFile() throws Exception {
    Path f = file("a.txt", "hello");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));

    FsStatResult s = stat("a.txt");

    assertThat(s.exists()).isTrue();
    assertThat(s.path()).isEqualTo(f.toString());
    assertThat(s.type()).isEqualTo(EntryType.FILE);
    assertThat(s.size()).isEqualTo(5);
    assertThat(s.mtime()).isEqualTo(Files.getLastModifiedTime(f).toMillis());
    assertThat(s.mode()).isEqualTo("-rw-r--r--");
    assertThat(s.permissions()).isEqualTo("0644");
    assertThat(s.uid()).isEqualTo(Files.getAttribute(f, "unix:uid"));
    assertThat(s.gid()).isEqualTo(Files.getAttribute(f, "unix:gid"));
    assertThat(s.symlinkTarget()).isNull();
  }

  @Test
  void describesADirectory() throws Exception {
    Path d = Files.createDirectory(root.resolve("d"));
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-x---"));

    FsStatResult s = stat("d");

    assertThat(s.type()).isEqualTo(EntryType.DIR);
    assertThat(s.mode()).isEqualTo("drwxr-x---");
    assertThat(s.permissions()).isEqualTo("0750");
  }

  @Test
  void describesASymlinkItselfWithItsTargetAsStored() throws Exception {
    file("a.txt", "hello");
    Path link = Files.createSymbolicLink(root.resolve("l"), Path.of("a.txt"));

    FsStatResult s = stat("l");

    assertThat(s.path()).isEqualTo(link.toString());
    assertThat(s.type()).isEqualTo(EntryType.SYMLINK);
    assertThat(s.mode()).startsWith("l").hasSize(10);
    assertThat(s.symlinkTarget()).isEqualTo("a.txt");
    assertThat(s.mtime()).isEqualTo(Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS).toMillis());
  }

  @Test
  void aLinkInsideThatPointsOutsideCanBeStatedButNotFollowed() throws Exception {
    linksOut();

    FsStatResult s = stat("secret");

    assertThat(s.type()).isEqualTo(EntryType.SYMLINK);
    assertThat(s.symlinkTarget()).isEqualTo(outside.resolve("secret.txt").toString());
    forbidden(() -> stat("out/secret.txt"), "out/secret.txt");
  }

  @Test
  void aMissingPathIsExistsFalseNotAnError() {
    FsStatResult s = stat("nope/none.txt");

    assertThat(s.exists()).isFalse();
    assertThat(s.path()).isEqualTo(root.resolve("nope/none.txt").toString());
    assertThat(s.type()).isNull();
    assertThat(s.size()).isNull();
  }

  @Test
  void escapesAreForbidden() {
    forbidden(() -> stat("../outside"), "../outside");
    forbidden(() -> stat("../nothing-here"), "../nothing-here");
    forbidden(() -> stat("/"), "/");
  }

  @Test
  void modeStrings() {
    assertThat(FileModes.lsString(0100644)).isEqualTo("-rw-r--r--");
    assertThat(FileModes.lsString(040755)).isEqualTo("drwxr-xr-x");
    assertThat(FileModes.lsString(0120777)).isEqualTo("lrwxrwxrwx");
    assertThat(FileModes.lsString(0104755)).isEqualTo("-rwsr-xr-x");
    assertThat(FileModes.lsString(0102644)).isEqualTo("-rw-r-Sr--");
    assertThat(FileModes.lsString(041777)).isEqualTo("drwxrwxrwt");
    assertThat(FileModes.lsString(041776)).isEqualTo("drwxrwxrwT");
    assertThat(FileModes.lsString(010600)).isEqualTo("prw-------");
    assertThat(FileModes.lsString(0140755)).isEqualTo("srwxr-xr-x");
    assertThat(FileModes.octal(0100644)).isEqualTo("0644");
    assertThat(FileModes.octal(041777)).isEqualTo("1777");
  }
}
