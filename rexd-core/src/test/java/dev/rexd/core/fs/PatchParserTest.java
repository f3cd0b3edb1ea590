package dev.rexd.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchParserTest {

  private static Patch.Line ctx(String text) {
    return new Patch.Line(Patch.Kind.CONTEXT, text);
  }

  private static Patch.Line del(String text) {
    return new Patch.Line(Patch.Kind.REMOVE, text);
  }

  private static Patch.Line add(String text) {
    return new Patch.Line(Patch.Kind.ADD, text);
  }

  private static Patch parse(String... lines) {
    return PatchParser.parse(String.join("\n", lines) + "\n");
  }

  @Test
  void parsesEveryKindOfOperationInOrder() {
    Patch p = parse(
        "*** Begin Patch",
        "*** Add File: docs/new.md",
        "+# New",
        "+",
        "+text",
        "*** Delete File: old.txt",
        "*** Update File: src/app.py",
        "*** Move to: src/main.py",
        "@@ def main():",
        "-    print(\"hi\")",
        "+    print(\"hello\")",
        " ",
        "@@",
        " tail",
        "+more",
        "*** End of File",
        "*** End Patch");

    assertThat(p.ops()).containsExactly(
        new Patch.AddFile("docs/new.md", "# New\n\ntext\n"),
        new Patch.DeleteFile("old.txt"),
        new Patch.UpdateFile("src/app.py", "src/main.py", List.of(
            new Patch.Chunk("def main():", List.of(del("    print(\"hi\")"), add("    print(\"hello\")"), ctx("")), false),
            new Patch.Chunk(null, List.of(ctx("tail"), add("more")), true))));
  }

  @Test
  void isLenientAboutSpacingLineEndingsAndAMissingFirstAtAt() {
    Patch p = PatchParser.parse("\n  *** Begin Patch\r\n*** Update File: a.txt\r\n-x\r\n+y\r\n\r\n*** End Patch  \n\n");

    assertThat(p.ops()).containsExactly(
        new Patch.UpdateFile("a.txt", null, List.of(new Patch.Chunk(null, List.of(del("x"), add("y"), ctx("")), false))));
  }

  @Test
  void aUnifiedDiffRangeIsNotAnAnchor() {
    Patch p = parse("*** Begin Patch", "*** Update File: a", "@@ -1,2 +1,2 @@", "-x", "+y",
        "@@ -10 +10 @@ class A", "-p", "+q", "*** End Patch");

    Patch.UpdateFile u = (Patch.UpdateFile) p.ops().get(0);
    assertThat(u.chunks()).extracting(Patch.Chunk::anchor).containsExactly(null, "class A");
  }

  @Test
  void oldAndNewLinesOfAChunk() {
    Patch.Chunk c = new Patch.Chunk(null, List.of(ctx("a"), del("b"), add("B"), ctx("c")), false);

    assertThat(c.oldLines()).containsExactly("a", "b", "c");
    assertThat(c.newLines()).containsExactly("a", "B", "c");
    assertThat(c.withoutLastLine().lines()).containsExactly(ctx("a"), del("b"), add("B"));
  }

  @Test
  void anUpdateWithOnlyAMoveIsARename() {
    Patch p = parse("*** Begin Patch", "*** Update File: a", "*** Move to: b", "*** End Patch");

    assertThat(p.ops()).containsExactly(new Patch.UpdateFile("a", "b", List.of()));
  }

  @Test
  void malformedPatchesArePatchFailedWithTheLine() {
    malformed(1, "*** Update File: a", "-x", "*** End Patch");
    malformed(3, "*** Begin Patch", "*** Delete File: a", "*** End");
    malformed(2, "*** Begin Patch", "*** Frobnicate File: a", "*** End Patch");
    malformed(2, "*** Begin Patch", "*** Add File:   ", "*** End Patch");
    malformed(1, "*** Begin Patch", "*** End Patch");
    malformed(2, "*** Begin Patch", "*** Update File: a", "*** End Patch");
    malformed(4, "*** Begin Patch", "*** Update File: a", "@@", "x", "*** End Patch");
    malformed(3, "*** Begin Patch", "*** Update File: a", "@@", "@@", "-x", "*** End Patch");
    malformed(3, "*** Begin Patch", "*** Update File: a", "context without prefix", "*** End Patch");
    malformed(4, "*** Begin Patch", "*** Add File: a", "+x", "y", "*** End Patch");
    malformed(1, "");
  }

  private static void malformed(int line, String... lines) {
    var e = FsTestSupport.failsWith(() -> parse(lines), ErrorCode.INVALID_PARAMS, "patch_failed");
    assertThat(e.data()).containsEntry("patch_line", line);
    assertThat(e.getMessage()).contains("line " + line);
  }
}
