package dev.rexd.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.fs.FsGrepMatch;
import dev.rexd.api.fs.FsGrepParams;
import dev.rexd.api.fs.FsGrepResult;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FsGrepTest extends FsTestSupport {
  private final FsGrep grep = new FsGrep();

  @BeforeEach
  void tree() throws Exception {
    file(".gitignore", "build/\n*.log\n!keep.log\n");
    file("README.md", "intro\nTODO: write docs\nend\n");
    file("src/Main.java", "class Main {\n  // TODO(ann): split\n  void run() {}\n}\n");
    file("src/util/Strings.java", "// todo lower case\nfinal class Strings {}\n");
    file("src/.gitignore", "generated/\n");
    file("src/generated/Gen.java", "// TODO generated\n");
    file("build/out.txt", "TODO in build output\n");
    file("debug.log", "TODO in a log\n");
    file("keep.log", "TODO kept log\n");
    file(".hidden/notes.txt", "TODO hidden\n");
    file("unicode.txt", "größe TODO 日本\n");
    Files.write(root.resolve("image.bin"), new byte[] {'T', 'O', 'D', 'O', 0, 1, 2, '\n'});
    Files.writeString(root.resolve("latin1.txt"), "caf\u00e9 TODO\n", java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private FsGrepResult grep(String pattern) {
    return grep.grep(session, FsGrepParams.of(SID, pattern, null));
  }

  private static List<String> where(FsGrepResult r) {
    return r.matches().stream().map(m -> m.path() + ":" + m.lineNumber()).toList();
  }

  private String at(String relative, int line) {
    return root.resolve(relative) + ":" + line;
  }

  @Test
  void honoursGitignoreSkipsBinaryAndHiddenAndSortsByPathThenLine() {
    FsGrepResult r = grep("TODO");
    assertThat(where(r)).containsExactly(
        at("README.md", 2), at("keep.log", 1), at("latin1.txt", 1), at("src/Main.java", 2), at("unicode.txt", 1));
    assertThat(r.truncated()).isFalse();
    assertThat(r.reason()).isNull();
    // README, keep.log, latin1, Main, Strings, unicode, .gitignore files are hidden: 6 text files searched
    assertThat(r.filesSearched()).isEqualTo(6);
    assertThat(r.matches().get(2).line()).isEqualTo("caf\uFFFD TODO");
    assertThat(r.matches().get(4).line()).isEqualTo("größe TODO 日本");
    assertThat(r.matches()).allMatch(m -> m.before().isEmpty() && m.after().isEmpty());
  }

  @Test
  void optionsWidenAndNarrowTheSearch() {
    FsGrepResult all = grep.grep(session, new FsGrepParams(SID, "todo", null, null, null, false, null, null, true, false));
    assertThat(where(all)).contains(at(".hidden/notes.txt", 1), at("build/out.txt", 1), at("debug.log", 1),
        at("src/generated/Gen.java", 1), at("src/util/Strings.java", 1)).doesNotContain(at("image.bin", 1));

    FsGrepResult java = grep.grep(session, new FsGrepParams(SID, "TODO", "src", "*.java", null, null, null, null, null, null));
    assertThat(where(java)).containsExactly(at("src/Main.java", 2));
    FsGrepResult byPath = grep.grep(session, new FsGrepParams(SID, "o", null, "src/util/*.java", null, null, null, null, null, null));
    assertThat(where(byPath)).containsExactly(at("src/util/Strings.java", 1));

    FsGrepResult fixed = grep.grep(session, new FsGrepParams(SID, "TODO(ann)", null, null, true, null, null, null, null, null));
    assertThat(where(fixed)).containsExactly(at("src/Main.java", 2));
    FsGrepResult regex = grep.grep(session, new FsGrepParams(SID, "TODO\\(\\w+\\)", null, null, null, null, null, null, null, null));
    assertThat(where(regex)).containsExactly(at("src/Main.java", 2));
  }

  @Test
  void searchesOneFileWhenPathIsAFileEvenIfIgnored() {
    FsGrepResult r = grep.grep(session, FsGrepParams.of(SID, "TODO", "debug.log"));
    assertThat(where(r)).containsExactly(at("debug.log", 1));
  }

  @Test
  void contextLinesBeforeAndAfter() throws Exception {
    file("ctx.txt", "1\n2\nhit a\n4\nhit b\n6\n7\n");
    FsGrepResult r = grep.grep(session, new FsGrepParams(SID, "hit", "ctx.txt", null, null, null, 2, null, null, null));
    assertThat(r.matches()).containsExactly(
        new FsGrepMatch(root.resolve("ctx.txt").toString(), 3, "hit a", List.of("1", "2"), List.of("4", "hit b")),
        new FsGrepMatch(root.resolve("ctx.txt").toString(), 5, "hit b", List.of("hit a", "4"), List.of("6", "7")));
  }

  @Test
  void manyMatchesAreTruncatedAtMaxMatches() throws Exception {
    StringBuilder many = new StringBuilder();
    for (int i = 1; i <= 500; i++) {
      many.append("match ").append(i).append('\n');
    }
    file("many/a.txt", many.toString());
    file("many/b.txt", many.toString());
    FsGrepResult r = grep.grep(session, new FsGrepParams(SID, "match", "many", null, null, null, 1, 3, null, null));
    assertThat(where(r)).containsExactly(at("many/a.txt", 1), at("many/a.txt", 2), at("many/a.txt", 3));
    assertThat(r.matches().get(2).after()).containsExactly("match 4");
    assertThat(r.truncated()).isTrue();
    assertThat(r.reason()).isEqualTo(FsGrepResult.MAX_MATCHES);

    FsGrepResult exact = grep.grep(session, new FsGrepParams(SID, "match 500$", "many", null, null, null, null, 2, null, null));
    assertThat(exact.matches()).hasSize(2);
    assertThat(exact.truncated()).isFalse();
  }

  @Test
  void aSpentTimeBudgetReturnsWhatWasFound() throws Exception {
    FsGrepResult r = new FsGrep(Duration.ZERO).grep(session, FsGrepParams.of(SID, "TODO", null));
    assertThat(r.truncated()).isTrue();
    assertThat(r.reason()).isEqualTo(FsGrepResult.TIME_BUDGET);
    assertThat(r.matches()).isEmpty();

    // catastrophic backtracking stops inside the match
    file("evil.txt", "a".repeat(60) + "!\n");
    FsGrepResult evil = new FsGrep(Duration.ofMillis(200))
        .grep(session, FsGrepParams.of(SID, "(.*a){25}", "evil.txt"));
    assertThat(evil.truncated()).isTrue();
    assertThat(evil.reason()).isEqualTo(FsGrepResult.TIME_BUDGET);
  }

  @Test
  void symlinksOutOfTheRootAreRefusedAndNeverFollowed() throws Exception {
    linksOut();
    Files.writeString(outside.resolve("secret.txt"), "TODO secret\n");
    Files.createSymbolicLink(root.resolve("inside-link.txt"), root.resolve("README.md"));
    FsGrepResult r = grep("secret|TODO");
    assertThat(r.matches()).noneMatch(m -> m.path().startsWith(outside.toString()) || m.line().contains("secret"));
    assertThat(where(r)).doesNotContain(at("inside-link.txt", 2));
    forbidden(() -> grep.grep(session, FsGrepParams.of(SID, "TODO", "out")), "out");
    forbidden(() -> grep.grep(session, FsGrepParams.of(SID, "TODO", "secret")), "secret");
    forbidden(() -> grep.grep(session, FsGrepParams.of(SID, "TODO", "../outside")), "../outside");
  }

  @Test
  void aPatternTooDeepForTheStackIsAClearError() throws Exception {
    file("long.txt", "a".repeat(200_000) + "\n");
    failsWith(() -> grep.grep(session, FsGrepParams.of(SID, "(a|aa)+$", "long.txt")),
        ErrorCode.INVALID_PARAMS, "invalid_argument");
  }

  @Test
  void badInputIsAClearError() {
    failsWith(() -> grep("(unclosed"), ErrorCode.INVALID_PARAMS, "invalid_argument");
    failsWith(() -> grep(""), ErrorCode.INVALID_PARAMS, "invalid_argument");
    failsWith(() -> grep.grep(session, FsGrepParams.of(SID, "x", "missing")), ErrorCode.INVALID_PARAMS, "not_found");
  }

  @Test
  void gitignoreOfTheRepositoryAboveTheSearchedDirectoryApplies() throws Exception {
    Files.createDirectories(root.resolve(".git/info"));
    Files.writeString(root.resolve(".git/info/exclude"), "*.tmp\n");
    file("src/scratch.tmp", "TODO tmp\n");
    file("src/generated/More.java", "TODO more\n");
    FsGrepResult r = grep.grep(session, FsGrepParams.of(SID, "TODO", "src"));
    assertThat(where(r)).containsExactly(at("src/Main.java", 2));
  }
}
