package dev.rexd.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootPolicyTest {
  @TempDir Path tmp;
  Path root;
  Path outside;
  RootPolicy policy;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
    policy = RootPolicy.of(List.of(root));
  }

  private void assertForbidden(String path) {
    assertThatThrownBy(() -> policy.resolve(path, root))
        .isInstanceOfSatisfying(RexdException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN_PATH);
          assertThat(e.data()).containsEntry("path", path).containsEntry("allowed_roots", List.of(root.toString()));
        });
  }

  @Test
  void relativeAndAbsolutePathsInsideResolve() {
    assertThat(policy.resolve("a/../b.txt", root)).isEqualTo(root.resolve("b.txt"));
    assertThat(policy.resolve(root.resolve("new/deep/file").toString(), root)).isEqualTo(root.resolve("new/deep/file"));
    assertThat(policy.resolve("", root)).isEqualTo(root);
  }

  @Test
  void dotDotEscapesAreRefused() {
    assertForbidden("../outside/x");
    assertForbidden("a/../../outside");
    assertForbidden("/etc/passwd");
  }

  @Test
  void symlinksPointingOutsideAreRefusedEvenForPathsThatDoNotExistYet() throws Exception {
    Files.createSymbolicLink(root.resolve("out"), outside);
    Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("not-yet"));
    Files.createSymbolicLink(root.resolve("inner"), root);
    assertForbidden("out");
    assertForbidden("out/new-file");
    assertForbidden("dangling");
    assertForbidden("dangling/child");
    assertThat(policy.resolve("inner/x", root)).isEqualTo(root.resolve("x"));
  }

  @Test
  void aSymlinkLoopIsAnErrorNotAHang() throws Exception {
    Files.createSymbolicLink(root.resolve("a"), root.resolve("b"));
    Files.createSymbolicLink(root.resolve("b"), root.resolve("a"));
    assertThatThrownBy(() -> policy.resolve("a/x", root)).isInstanceOf(RexdException.class);
  }

  @Test
  void aPathBelowAFileResolvesLikeAMissingPath() throws Exception {
    Files.writeString(root.resolve("a.txt"), "x");
    assertThat(policy.resolve("a.txt/x", root)).isEqualTo(root.resolve("a.txt/x"));
  }

  @Test
  void aRootPrefixIsNotARoot() throws Exception {
    Path sibling = Files.createDirectories(tmp.resolve("root-sibling"));
    assertForbidden(sibling.toString());
  }

  @Test
  void narrowingKeepsRootsInsideAndRefusesOthers() throws Exception {
    Path sub = Files.createDirectories(root.resolve("sub"));
    assertThat(policy.narrow(List.of("sub"), root).roots()).containsExactly(sub);
    assertThat(policy.narrow(List.of(), root).roots()).containsExactly(root);
    assertThatThrownBy(() -> policy.narrow(List.of(outside.toString()), root))
        .isInstanceOfSatisfying(RexdException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN_PATH));
  }

  @Test
  void resolveNoFollowNamesTheLinkItself() throws Exception {
    Files.createSymbolicLink(root.resolve("out"), outside);
    assertThat(policy.resolveNoFollow("out", root)).isEqualTo(root.resolve("out"));
    assertForbidden("out");
  }

  @Test
  void rootsAreResolvedOnceAtStart() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("root-link"), root);
    assertThat(RootPolicy.of(List.of(link)).roots()).containsExactly(root);
    assertThatThrownBy(() -> RootPolicy.of(List.of(tmp.resolve("missing")))).isInstanceOf(IllegalArgumentException.class);
  }
}
