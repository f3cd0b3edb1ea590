package dev.rexd.spring.boot;

import dev.rexd.api.json.RexdJson;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdTargets;
import dev.rexd.core.RexdServer;
import dev.rexd.core.config.RexdConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The {@code RexdTargets} and {@code RexdClient} of {@code rexd.targets}, and with
 * {@code rexd.server.enabled=true} a {@code RexdServer} (mounted on the servlet container by
 * {@link RexdServletAutoConfiguration}); an application's own beans of these types win.
 *
 * <pre>{@code
 * @Service
 * class Deployer {
 *   private final RexdClient rexd;   // connected to rexd.target (or the only target)
 *   Deployer(RexdClient rexd) { this.rexd = rexd; }
 * }
 * }</pre>
 */
@AutoConfiguration
@EnableConfigurationProperties(RexdProperties.class)
public class RexdAutoConfiguration {

  /** The configured targets: {@code rexd.targets-file}, else {@code rexd.targets}. */
  @Bean
  @ConditionalOnMissingBean
  @Conditional(TargetsConfigured.class)
  RexdTargets rexdTargets(RexdProperties properties) {
    if (properties.targetsFile() != null) {
      return RexdTargets.load(properties.targetsFile());
    }
    Map<String, Object> targets = new LinkedHashMap<>();
    properties.targets().forEach((alias, target) -> targets.put(alias, target.toJson()));
    return RexdTargets.parse(RexdJson.mapper().writeValueAsString(Map.of("version", 1, "targets", targets)));
  }

  /** The embedded server, from {@code rexd.server.config} or {@code rexd.server.roots}. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = "rexd.server.enabled", havingValue = "true")
  RexdServer rexdServer(RexdProperties properties) {
    RexdProperties.Server server = properties.server();
    if (server.config() != null) {
      return RexdConfig.load(server.config()).applyTo(RexdServer.builder()).build();
    }
    if (server.roots().isEmpty()) {
      throw new IllegalStateException(
          "rexd.server.enabled=true needs rexd.server.roots (the directories it may touch) or rexd.server.config");
    }
    return RexdServer.builder().allowedRoots(server.roots()).build();
  }

  /**
   * A client on {@code rexd.target} (or the only target); with no target, in-process on the
   * embedded server.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(ClientWanted.class)
  RexdClient rexdClient(RexdProperties properties, ObjectProvider<RexdTargets> targets,
      ObjectProvider<RexdServer> server) {
    RexdTargets configured = targets.getIfAvailable();
    if (configured == null) {
      return RexdClient.inProcess(server.getObject()::connect);
    }
    return configured.connect(chosenAlias(properties, configured));
  }

  private static String chosenAlias(RexdProperties properties, RexdTargets targets) {
    if (properties.target() != null) {
      return properties.target();
    }
    if (targets.aliases().size() != 1) {
      throw new IllegalStateException("set rexd.target to the target the RexdClient bean connects to, one of "
          + targets.aliases());
    }
    return targets.aliases().iterator().next();
  }

  /** {@code rexd.targets.*} or {@code rexd.targets-file} is set. */
  static final class TargetsConfigured extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      if (context.getEnvironment().containsProperty("rexd.targets-file")) {
        return ConditionOutcome.match("rexd.targets-file is set");
      }
      boolean any = Binder.get(context.getEnvironment())
          .bind("rexd.targets", Bindable.mapOf(String.class, RexdProperties.Target.class))
          .map(m -> !m.isEmpty())
          .orElse(false);
      return any ? ConditionOutcome.match("rexd.targets is set") : ConditionOutcome.noMatch("no rexd.targets");
    }
  }

  /** There is something for a client to connect to. */
  static final class ClientWanted extends AnyNestedCondition {
    ClientWanted() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @Conditional(TargetsConfigured.class)
    static final class Targets {}

    @ConditionalOnProperty(name = "rexd.server.enabled", havingValue = "true")
    static final class EmbeddedServer {}
  }
}
