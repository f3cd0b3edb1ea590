package dev.rexd.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.fs.FsGlobParams;
import dev.rexd.api.fs.FsGlobResult;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FsGlobTest extends FsTestSupport {

  @BeforeEach
  void tree() throws Exception {
    file("a.txt", "");
    file("b.md", "");
    file(".hidden.txt", "");
    file("src/c.txt", "");
    file("src/deep/er/d.txt", "");
    file("src/deep/e.java", "");
    file("x1.log", "");
    file("x2.log", "");
    file("xa.log", "");
  }

  private List<String> glob(String pattern) {
    return glob(pattern, null, null).matches();
  }

  private FsGlobResult glob(String pattern, String cwd, Integer max) {
    return fs.glob(session, new FsGlobParams(SID, pattern, cwd, max));
  }

  private List<String> abs(String... relative) {
    return Arrays.stream(relative).map(r -> root.resolve(r).toString()).toList();
  }

  @Test
  void doubleStarSlashAlsoMatchesZeroDirectories() {
    assertThat(glob("**/*.txt"))
        .containsExactlyElementsOf(abs(".hidden.txt", "a.txt", "src/c.txt", "src/deep/er/d.txt"));
  }

  @Test
  void starStaysWithinOneName() {
    assertThat(glob("*.txt")).containsExactlyElementsOf(abs(".hidden.txt", "a.txt"));
    assertThat(glob("src/*")).containsExactlyElementsOf(abs("src/c.txt", "src/deep"));
    assertThat(glob("*/*.txt")).containsExactlyElementsOf(abs("src/c.txt"));
  }

  @Test
  void questionMarkAndBracketsMatchOneCharacter() {
    assertThat(glob("x?.log")).containsExactlyElementsOf(abs("x1.log", "x2.log", "xa.log"));
    assertThat(glob("x[0-9].log")).containsExactlyElementsOf(abs("x1.log", "x2.log"));
    assertThat(glob("x[!0-9].log")).containsExactlyElementsOf(abs("xa.log"));
    assertThat(glob("x[^1a].log")).containsExactlyElementsOf(abs("x2.log"));
  }

  @Test
  void doubleStarInTheMiddleAndAtTheEnd() {
    assertThat(glob("src/**/d.txt")).containsExactlyElementsOf(abs("src/deep/er/d.txt"));
    assertThat(glob("src/**/*.java")).containsExactlyElementsOf(abs("src/deep/e.java"));
    assertThat(glob("src/**"))
        .containsExactlyElementsOf(abs("src/c.txt", "src/deep", "src/deep/e.java", "src/deep/er", "src/deep/er/d.txt"));
  }

  @Test
  void relativeToTheCwdParamAndAbsolutePatternsInsideTheRoot() {
    assertThat(glob("**/*.txt", "src", null).matches()).containsExactlyElementsOf(abs("src/c.txt", "src/deep/er/d.txt"));
    assertThat(glob(root + "/src/*.txt")).containsExactlyElementsOf(abs("src/c.txt"));
  }

  @Test
  void literalPatternsMatchWhatExists() {
    assertThat(glob("src/c.txt")).containsExactlyElementsOf(abs("src/c.txt"));
    assertThat(glob("src/none.txt")).isEmpty();
    assertThat(glob("nowhere/*.txt")).isEmpty();
    assertThat(glob("a.txt/*")).isEmpty();
  }

  @Test
  void maxMatchesKeepsTheFirstSortedMatches() {
    FsGlobResult r = glob("**/*", null, 3);

    assertThat(r.truncated()).isTrue();
    assertThat(r.matches()).containsExactlyElementsOf(abs(".hidden.txt", "a.txt", "b.md"));
    assertThat(glob("*.txt", null, 2).truncated()).isFalse();
  }

  @Test
  void neverFollowsSymlinksOutOfTheRoots() throws Exception {
    linksOut();
    Files.writeString(outside.resolve("o.txt"), "");
    Files.createSymbolicLink(root.resolve("in.txt"), root.resolve("a.txt"));

    List<String> all = glob("**");

    assertThat(all).contains(root.resolve("in.txt").toString())
        .doesNotContain(root.resolve("out").toString(), root.resolve("secret").toString(),
            root.resolve("dangling").toString())
        .noneMatch(p -> p.contains("o.txt") || p.startsWith(outside.toString()));
    forbidden(() -> glob("out/*"), "out");
    assertThat(glob("*/secret.txt")).isEmpty();
  }

  @Test
  void aPrefixOutsideTheRootsIsForbidden() throws Exception {
    linksOut();

    forbidden(() -> glob("../*"), "..");
    forbidden(() -> glob("../outside/*.txt"), "../outside");
    forbidden(() -> glob(outside + "/**"), outside.toString());
    forbidden(() -> glob("/**/*.txt"), "/");
    forbidden(() -> glob("*.txt", "..", null), "..");
  }

  @Test
  void anEmptyPatternIsInvalid() {
    failsWith(() -> glob(""), ErrorCode.INVALID_PARAMS, "invalid_argument");
  }

  @Test
  void segmentPatterns() {
    assertThat(Glob.segment("*.txt").matcher("a.txt").matches()).isTrue();
    assertThat(Glob.segment("*.txt").matcher("a.txt.bak").matches()).isFalse();
    assertThat(Glob.segment("a\\*b").matcher("a*b").matches()).isTrue();
    assertThat(Glob.segment("a\\*b").matcher("axb").matches()).isFalse();
    assertThat(Glob.segment("[]x]").matcher("]").matches()).isTrue();
    assertThat(Glob.segment("[a-c&&b]").matcher("&").matches()).isTrue();
    assertThat(Glob.segment("[ab").matcher("[ab").matches()).isTrue();
    assertThat(Glob.segment("(x)+.$").matcher("(x)+.$").matches()).isTrue();
    assertThat(Glob.segment("é?").matcher("éü").matches()).isTrue();
  }
}
