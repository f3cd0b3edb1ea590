package dev.rexd.console;

import static dev.rexd.console.ConsoleFixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.http.server.HttpSecurity;
import dev.rexd.transport.http.server.RexdSecurityFilter;
import dev.rexd.transport.http.server.RexdWebSocketServlet;
import dev.rexd.transport.stdio.InMemoryTransport;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console mounted in a host's own servlet container the way docs/console.md shows (the page
 * behind the Origin and Host checks only, {@code /ws} behind the full check), in a real browser:
 * the page loads without a credential, signs in over the WebSocket and lists an agent's session.
 */
class ConsoleMountBrowserTest {
  private static final EnumSet<DispatcherType> REQUESTS = EnumSet.of(DispatcherType.REQUEST);

  @TempDir Path tmp;

  @Test
  void theConsoleMountedInAHostsOwnContainerSignsInAndListsSessions() throws Exception {
    WebDriver driver = HeadlessChromium.start();
    RexdServer server = RexdServer.builder().allowedRoot(tmp).build();
    Server jetty = new Server();
    try {
      HttpSecurity security = HttpSecurity.builder().authenticator(TokenTable.builder()
          .add("vera", TokenTable.sha256Hex("viewer-token"), Role.VIEWER).build()).build();
      ServerConnector connector = new ServerConnector(jetty);
      connector.setHost("127.0.0.1");
      jetty.addConnector(connector);
      ServletContextHandler ctx = new ServletContextHandler("/");
      ctx.addFilter(new FilterHolder(new RexdSecurityFilter(security)), "/ws", REQUESTS);
      ctx.addServlet(new ServletHolder(new RexdWebSocketServlet(server, security)), "/ws");
      ctx.addFilter(new FilterHolder(RexdSecurityFilter.forPages(security)), ConsoleServlet.PATH_SPEC, REQUESTS);
      ctx.addServlet(new ServletHolder(new ConsoleServlet("/ws")), ConsoleServlet.PATH_SPEC);
      JakartaWebSocketServletContainerInitializer.configure(ctx, null);
      jetty.setHandler(ctx);
      jetty.start();
      String base = "http://127.0.0.1:" + connector.getLocalPort();

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/console/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as("the page needs no credential").isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("connect-src 'self'");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/console/"))
          .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(403);

      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      driver.get(base + "/console/");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys("viewer-token");
      driver.findElement(By.id("sign-in-button")).click();
      wait.until(ExpectedConditions.textToBe(By.id("who"), "signed in: viewer (read-only)"));

      InMemoryTransport[] pair = InMemoryTransport.pair(64);
      server.connectReattachable(pair[0], new Principal("bot", Role.AGENT));
      try (WirePeer bot = new WirePeer(pair[1])) {
        String sid = bot.result("session.open", params("client_name", "mounted-agent")).get("session_id").asString();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#sessions tr[data-session-id='" + sid + "']"), "mounted-agent"));
      }
    } finally {
      driver.quit();
      jetty.stop();
      server.close();
    }
  }
}
