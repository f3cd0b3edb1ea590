package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.json.RexdJson;
import dev.rexd.core.RexdServer;
import dev.rexd.transport.http.server.HttpCaller;
import dev.rexd.transport.http.server.HttpSecurity;
import dev.rexd.transport.http.server.RexdHttpServer;
import dev.rexd.transport.http.server.RexdSecurityFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Servlets mounted beside {@code /rpc} and {@code /ws} sit behind the same token, Origin and Host checks. */
class MountTest {
  private static final String TOKEN = "m0unt-token";

  @TempDir Path root;
  private RexdServer server;
  private RexdHttpServer http;
  private final WhoAmI whoAmI = new WhoAmI();

  /** Answers with the caller the filter admitted, and counts how often it ran. */
  static final class WhoAmI extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final transient AtomicInteger calls = new AtomicInteger();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      calls.incrementAndGet();
      HttpCaller caller = HttpCaller.of(req);
      resp.setContentType("text/plain");
      resp.getWriter().print(caller == null ? "none" : caller.principal() + " " + caller.credential()
          + " " + req.getPathInfo());
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = RexdServer.builder().allowedRoot(root).build();
    http = TestServers.http(server).token(TOKEN).allowedOrigins(List.of("https://ide.example.com"))
        .mount("/console/*", whoAmI).start();
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return JdkSocket.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMountedServletSeesTheAuthenticatedCaller() throws Exception {
    HttpResponse<String> r = get("/console/sessions", "Authorization", "Bearer " + TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("token BEARER_HEADER /sessions");
  }

  @Test
  void aMountedServletIsNeverReachedWithoutTheToken() throws Exception {
    for (String[] headers : List.of(new String[0], new String[] {"Authorization", "Bearer wrong"})) {
      HttpResponse<String> r = get("/console/", headers);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(RexdJson.mapper().readTree(r.body()).get("error").get("code").asInt()).isEqualTo(-32001);
    }
    assertThat(whoAmI.calls).hasValue(0);
  }

  @Test
  void aForeignOriginIsRefusedOnAMountedServlet() throws Exception {
    assertThat(get("/console/", "Authorization", "Bearer " + TOKEN, "Origin", "https://evil.example").statusCode())
        .isEqualTo(403);
    assertThat(get("/console/", "Authorization", "Bearer " + TOKEN, "Origin", "https://ide.example.com").statusCode())
        .isEqualTo(200);
    assertThat(whoAmI.calls).hasValue(1);
  }

  @Test
  void withoutATokenAMountedServletAnswersLoopbackHostsOnly() throws Exception {
    http.close();
    http = TestServers.http(server).mount("/console/*", whoAmI).start();
    String rebound = RawHttp.head(http.port(), "GET /console/ HTTP/1.1\r\nHost: attacker.example:" + http.port()
        + "\r\nConnection: close\r\n\r\n");
    assertThat(RawHttp.status(rebound)).isEqualTo(403);
    assertThat(whoAmI.calls).hasValue(0);
    HttpResponse<String> local = get("/console/x");
    assertThat(local.statusCode()).isEqualTo(200);
    assertThat(local.body()).isEqualTo("anonymous NONE /x");
  }

  @Test
  void healthzStaysOpen() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void mountsMustNameAFreePath() {
    RexdHttpServer.Builder b = TestServers.http(server).token(TOKEN);
    for (String bad : List.of("/", "/*", "console", "/a/*/b", "/x?y")) {
      assertThatThrownBy(() -> b.mount(bad, whoAmI)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> TestServers.http(server).token(TOKEN).mount("/rpc", whoAmI).start())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TestServers.http(server).token(TOKEN).mount("/healthz", whoAmI).start())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.mount("/m", whoAmI).mount("/m", whoAmI)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFilterGuardsAHostsOwnContainer() throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new FilterHolder(new RexdSecurityFilter(HttpSecurity.builder().token(TOKEN).build())),
        "/app/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(whoAmI), "/app/*");
    jetty.setHandler(context);
    jetty.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app/here");
      HttpResponse<String> refused = JdkSocket.HTTP.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);
      HttpResponse<String> ok = JdkSocket.HTTP.send(HttpRequest.newBuilder(uri)
          .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.body()).isEqualTo("token BEARER_HEADER /here");
    } finally {
      jetty.stop();
    }
  }
}
