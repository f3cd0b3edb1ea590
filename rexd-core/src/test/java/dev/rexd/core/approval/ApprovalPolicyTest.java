package dev.rexd.core.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalPolicyTest {
  private static final Duration T = Duration.ofSeconds(5);

  @Test
  void rulesMatchTheWholeResolvedLineWithGlobs() {
    ApprovalPolicy p = ApprovalPolicy.rules(List.of("rm *", "/usr/bin/git push*", "curl ?ttp*"), T);
    assertThat(p.requires(List.of("/usr/bin/rm -rf build", "rm -rf build"))).isTrue();
    assertThat(p.requires(List.of("/usr/bin/git push origin main", "git push origin main"))).isTrue();
    assertThat(p.requires(List.of("/usr/bin/git status", "git status"))).isFalse();
    assertThat(p.requires(List.of("/usr/bin/rmdir x", "rmdir x"))).isFalse();
    assertThat(p.requires(List.of("curl http://x"))).isTrue();
    assertThat(p.requires(List.of("echo rm -rf /"))).isFalse();
  }

  @Test
  void offAndAllAndBadSettings() {
    assertThat(ApprovalPolicy.off().requires(List.of("rm -rf /"))).isFalse();
    assertThat(ApprovalPolicy.all(T).requires(List.of("true"))).isTrue();
    assertThatThrownBy(() -> ApprovalPolicy.rules(List.of(), T)).hasMessageContaining("require");
    assertThatThrownBy(() -> ApprovalPolicy.Mode.parse("some")).hasMessageContaining("off, rules or all");
  }
}
