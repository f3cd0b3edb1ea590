package dev.rexd.spring.boot;

import dev.rexd.api.Capabilities;
import dev.rexd.core.RexdServer;
import dev.rexd.transport.http.server.HealthServlet;
import dev.rexd.transport.http.server.HttpSecurity;
import dev.rexd.transport.http.server.RexdWebSocketServlet;
import dev.rexd.transport.http.server.RpcServlet;
import jakarta.servlet.ServletRegistration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;

/**
 * Mounts the embedded {@code RexdServer} on the application's servlet container: JSON-RPC over
 * {@code POST <rexd.server.path>/rpc}, the WebSocket at {@code <path>/ws} (the container's
 * Jakarta WebSocket support, e.g. {@code spring-boot-starter-websocket}, must be present) and
 * {@code GET <path>/healthz}, behind the token, origin and host checks of {@link HttpSecurity}.
 *
 * <pre>{@code
 * rexd.server.enabled=true
 * rexd.server.roots=/srv/app
 * rexd.server.token=${REXD_AUTH_TOKEN}
 * # ws://host:8080/rexd/ws, http://host:8080/rexd/rpc
 * }</pre>
 */
@AutoConfiguration(after = RexdAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ServletRegistration.class, RpcServlet.class})
@ConditionalOnBean(RexdServer.class)
public class RexdServletAutoConfiguration {

  @Bean
  ServletContextInitializer rexdServlets(RexdServer server, RexdProperties properties) {
    RexdProperties.Server settings = properties.server();
    HttpSecurity security = HttpSecurity.builder()
        .token(settings.token())
        .allowedOrigins(settings.allowedOrigins())
        .insecure(settings.insecure())
        .build();
    String base = settings.path().endsWith("/")
        ? settings.path().substring(0, settings.path().length() - 1)
        : settings.path();
    return context -> {
      ServletRegistration.Dynamic rpc = context.addServlet("rexd-rpc", new RpcServlet(server, security));
      rpc.addMapping(base + "/rpc");
      rpc.setAsyncSupported(true);
      context.addServlet("rexd-ws", new RexdWebSocketServlet(server, security)).addMapping(base + "/ws");
      context.addServlet("rexd-healthz", new HealthServlet()).addMapping(base + "/healthz");
      server.advertise(Capabilities.HTTP, Capabilities.REATTACH);
    };
  }
}
