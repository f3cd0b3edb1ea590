package dev.rexd.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import dev.rexd.client.RexdTarget;
import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.hub.host.HostConnector;
import dev.rexd.hub.server.HubListener;
import dev.rexd.hub.server.RexdHub;
import dev.rexd.hub.wire.HostEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console served by a real hub, in a real headless Chromium, with two real hosts dialing the
 * hub (in-process servers, over loopback WebSockets): the page lists the hosts with their labels
 * and version, a host that connects later and a session opened through the hub appear without a
 * reload, and a host that disconnects vanishes. The screenshot is {@code target/screenshots/hub-console.png}.
 */
@Timeout(180)
class HubConsoleBrowserTest {
  private static final String OPERATOR_TOKEN = "olga-token";
  private static final String AGENT_TOKEN = "alice-token";

  @TempDir Path dir;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final BlockingQueue<String> connected = new LinkedBlockingQueue<>();
  private RexdHub hub;

  @AfterEach
  void closeAll() {
    for (int i = closing.size() - 1; i >= 0; i--) {
      try {
        closing.get(i).close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  private <T extends AutoCloseable> T later(T c) {
    closing.add(c);
    return c;
  }

  /** Host {@code name}, a real server on a root of its own that lets the hub's viewers list its sessions. */
  private HostConnector host(String name, Map<String, String> labels) throws Exception {
    RexdServer server = later(RexdServer.builder().allowedRoot(Files.createDirectories(dir.resolve(name))).build());
    HostConnector c = later(HostConnector.builder(server).url(hub.agentsUri()).name(name).token("token-" + name)
        .role(Role.OPERATOR).labels(labels).backoff(Duration.ofMillis(20), Duration.ofMillis(200)).start());
    for (String next; (next = connected.poll(30, TimeUnit.SECONDS)) != null; ) {
      if (next.equals(name)) {
        return c;
      }
    }
    throw new AssertionError("host " + name + " did not connect");
  }

  @Test
  void theConsoleListsTheHubsHostsAndTheirSessionsLive() throws Exception {
    WebDriver driver = HeadlessChromium.start();
    closing.add(driver::quit);
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    hub = later(RexdHub.builder().listen("127.0.0.1", 0)
        .clientToken("olga", TokenTable.sha256Hex(OPERATOR_TOKEN), Role.OPERATOR)
        .clientToken("alice", TokenTable.sha256Hex(AGENT_TOKEN), Role.AGENT)
        .host("web-1", TokenTable.sha256Hex("token-web-1"))
        .host("web-2", TokenTable.sha256Hex("token-web-2"))
        .mountPage(ConsoleServlet.PATH_SPEC, new ConsoleServlet("/ws"))
        .listener(new HubListener() {
          @Override
          public void hostConnected(HostEntry host) {
            connected.add(host.name());
          }
        })
        .start());
    host("web-1", Map.of("region", "eu", "env", "staging"));

    driver.get("http://127.0.0.1:" + hub.port() + "/console/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(OPERATOR_TOKEN);
    driver.findElement(By.id("sign-in-button")).click();
    wait.until(ExpectedConditions.textToBe(By.id("who"), "signed in to a hub (read-only)"));
    WebElement web1 = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".host[data-host='web-1']")));
    wait.until(ExpectedConditions.textToBePresentInElement(web1, "No open sessions."));
    assertThat(web1.getText()).contains("web-1").contains("rexd " + RexdServer.VERSION).contains("region=eu")
        .contains("env=staging").contains("connected since 20");

    HostConnector web2 = host("web-2", Map.of("region", "us"));
    WebElement web2Card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".host[data-host='web-2']")));
    wait.until(ExpectedConditions.textToBePresentInElement(web2Card, "region=us"));

    RexdClient alice = later(new RexdTarget("web-1", RexdTarget.Via.HUB, "web-1", null, null, null, null, List.of(),
        hub.wsUri(), AGENT_TOKEN, Map.of(), List.of(), null, false).connect());
    RexdSession session = alice.openSession("deploy-agent");
    session.exec("echo", "hello").run();
    WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector(".host[data-host='web-1'] tr[data-session-id='" + session.id() + "']")));
    assertThat(row.getText()).contains("deploy-agent").contains("hub:alice");
    assertThat(driver.findElements(By.cssSelector(".host[data-host='web-2'] tr[data-session-id]"))).isEmpty();

    row.click();   // watched through the hub: the page names the session's host in its calls
    wait.until(ExpectedConditions.attributeToBe(By.id("session-view"), "data-watching", session.id()));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("commands"), "echo hello"));
    HeadlessChromium.shot(driver, "hub-console");

    web2.close();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".host[data-host='web-2']"), 0));
    assertThat(driver.findElements(By.cssSelector(".host[data-host='web-1'] tr[data-session-id]"))).hasSize(1);
    assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("connected");
  }
}
