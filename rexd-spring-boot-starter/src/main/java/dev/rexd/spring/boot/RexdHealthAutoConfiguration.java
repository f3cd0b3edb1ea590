package dev.rexd.spring.boot;

import dev.rexd.client.RexdClient;
import dev.rexd.core.RexdServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code rexd} component of the Actuator health endpoint, when Spring Boot's health support
 * is present and a {@code RexdServer} or {@code RexdClient} bean exists.
 *
 * <pre>{@code
 * GET /actuator/health  ->  {"status":"UP","components":{"rexd":{"status":"UP","details":{...}}}}
 * }</pre>
 */
@AutoConfiguration(after = RexdAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
public class RexdHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "rexdHealthIndicator")
  RexdHealthIndicator rexdHealthIndicator(ObjectProvider<RexdServer> server, ObjectProvider<RexdClient> client) {
    return new RexdHealthIndicator(server, client);
  }
}
