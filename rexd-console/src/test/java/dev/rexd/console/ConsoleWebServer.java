package dev.rexd.console;

import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.http.server.RexdHttpServer;
import dev.rexd.transport.stdio.InMemoryTransport;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A server serving the console on loopback HTTP to the holders of {@code tokens}, with an agent
 * connected in-process as {@code agent} (the page's subject), and a headless browser to look at
 * it: one per browser test class.
 */
final class ConsoleWebServer implements AutoCloseable {
  final RexdServer server;
  final RexdHttpServer http;
  final WirePeer agent;
  final WebDriver driver;
  final WebDriverWait wait;

  /**
   * {@code more} adds to the HTTP server (mounts) before it starts. Skips the test class (closing
   * {@code server}) when Chromium is not installed.
   */
  ConsoleWebServer(RexdServer server, TokenTable tokens, Principal agent, UnaryOperator<RexdHttpServer.Builder> more)
      throws Exception {
    try {
      this.driver = HeadlessChromium.start();
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    this.server = server;
    this.http = more.apply(RexdHttpServer.builder(server).listen("127.0.0.1", 0).authenticator(tokens)
        .mountPage(ConsoleServlet.PATH_SPEC, new ConsoleServlet("/ws"))).start();
    InMemoryTransport[] pair = InMemoryTransport.pair(256);
    server.connectReattachable(pair[0], agent);
    this.agent = new WirePeer(pair[1]);
  }

  /** The URL of {@code path} (e.g. {@code /console/}) on this server. */
  String url(String path) {
    return "http://127.0.0.1:" + http.port() + path;
  }

  @Override
  public void close() {
    driver.quit();
    agent.close();
    http.close();
    server.close();
  }
}
