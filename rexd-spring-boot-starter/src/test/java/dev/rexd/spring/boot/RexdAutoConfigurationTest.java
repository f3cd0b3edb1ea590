package dev.rexd.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import dev.rexd.client.RexdTarget;
import dev.rexd.client.RexdTargets;
import dev.rexd.core.RexdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RexdAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(RexdAutoConfiguration.class, RexdServletAutoConfiguration.class,
          RexdHealthAutoConfiguration.class));

  @TempDir Path root;

  @Test
  void nothingConfiguredMeansNoBeans() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(RexdClient.class);
      assertThat(context).doesNotHaveBean(RexdServer.class);
      assertThat(context).doesNotHaveBean(RexdTargets.class);
    });
  }

  @Test
  void anEnabledServerGetsAnInProcessClient() {
    runner.withPropertyValues("rexd.server.enabled=true", "rexd.server.roots=" + root).run(context -> {
      assertThat(context).hasSingleBean(RexdServer.class);
      assertThat(context).doesNotHaveBean("rexdServlets");   // not a web application
      try (RexdSession session = context.getBean(RexdClient.class).openSession("test")) {
        session.fs().writeString("a.txt", "in-process\n");
        assertThat(session.exec("cat", "a.txt").run().stdout()).isEqualTo("in-process\n");
      }
      assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("in-process\n");
      assertThat(context.getBean(RexdHealthIndicator.class).health(true).getStatus().getCode()).isEqualTo("UP");
    });
  }

  @Test
  void targetsComeFromProperties() {
    runner.withPropertyValues(
        "rexd.targets.build.transport=ssh",
        "rexd.targets.build.host=build-1",
        "rexd.targets.build.user=deploy",
        "rexd.targets.build.workspace-roots=/srv/build,/srv/cache",
        "rexd.targets.ci.transport=ws",
        "rexd.targets.ci.url=wss://ci.example.com/ws",
        "rexd.targets.ci.token=secret-token")
        .withBean(RexdClient.class, () -> RexdClient.inProcess(t -> { }))   // no connection in this test
        .run(context -> {
          RexdTargets targets = context.getBean(RexdTargets.class);
          assertThat(targets.aliases()).containsExactlyInAnyOrder("build", "ci");
          RexdTarget build = targets.get("build");
          assertThat(build.transport()).isEqualTo(RexdTarget.Via.SSH);
          assertThat(build.host()).isEqualTo("build-1");
          assertThat(build.user()).isEqualTo("deploy");
          assertThat(build.workspaceRoots()).containsExactly("/srv/build", "/srv/cache");
          assertThat(targets.get("ci").token()).isEqualTo("secret-token");
        });
  }

  @Test
  void severalTargetsNeedAChoice() {
    runner.withPropertyValues("rexd.targets.a.transport=stdio", "rexd.targets.a.command=true",
        "rexd.targets.b.transport=stdio", "rexd.targets.b.command=true").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("set rexd.target");
    });
  }

  @Test
  void anEnabledServerNeedsRoots() {
    runner.withPropertyValues("rexd.server.enabled=true").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("rexd.server.roots");
    });
  }

  @Test
  void anUnknownKeyFailsTheStart() {
    runner.withPropertyValues("rexd.server.enabled=true", "rexd.server.roots=" + root, "rexd.server.tokn=x")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).hasStackTraceContaining("rexd.server.tokn");
        });
  }
}
