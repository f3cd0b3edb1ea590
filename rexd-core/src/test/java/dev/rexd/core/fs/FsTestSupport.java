package dev.rexd.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdException;
import dev.rexd.core.Limits;
import dev.rexd.core.policy.RootPolicy;
import dev.rexd.core.session.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A root and an outside directory side by side under one temp dir, a session over the root, a service. */
abstract class FsTestSupport {
  static final String SID = "s1";

  @TempDir Path temp;
  Path root;
  Path outside;
  Path stateDir;
  Session session;
  FsService fs;

  @BeforeEach
  void makeRoot() throws IOException {
    root = Files.createDirectory(temp.resolve("root")).toRealPath();
    outside = Files.createDirectory(temp.resolve("outside")).toRealPath();
    stateDir = temp.resolve("state");
    fs = new FsService(new FsOptions(stateDir, false));
    session = sessionWith(Limits.defaults());
  }

  Session sessionWith(Limits limits) {
    return new Session(SID, "test", null, RootPolicy.of(List.of(root)), limits);
  }

  Path file(String relative, String content) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  String text(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  /** Asserts the call fails with this code and reason, and returns the error for more checks. */
  static RexdException failsWith(ThrowingCallable call, ErrorCode code, String reason) {
    RexdException e = catchThrowableOfType(RexdException.class, call);
    assertThat(e).as("expected a RexdException").isNotNull();
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
    return e;
  }

  /** Asserts a {@code -32002} naming the requested path and the session's roots. */
  RexdException forbidden(ThrowingCallable call, String requested) {
    RexdException e = failsWith(call, ErrorCode.FORBIDDEN_PATH, "outside_roots");
    assertThat(e.code().code()).isEqualTo(-32002);
    assertThat(e.data()).containsEntry("path", requested).containsEntry("allowed_roots", List.of(root.toString()));
    return e;
  }

  /** {@code root/out -> outside} (a directory link) and {@code root/secret -> outside/secret.txt}. */
  void linksOut() throws IOException {
    Files.writeString(outside.resolve("secret.txt"), "secret\n");
    Files.createSymbolicLink(root.resolve("out"), outside);
    Files.createSymbolicLink(root.resolve("secret"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("not-there.txt"));
  }
}
