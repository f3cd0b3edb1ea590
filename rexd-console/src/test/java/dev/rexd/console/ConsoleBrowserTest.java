package dev.rexd.console;

import static dev.rexd.console.ConsoleFixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import dev.rexd.core.RexdServer;
import dev.rexd.core.approval.ApprovalPolicy;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * The console in a real headless Chromium: sign in, watch an agent work, type into its terminal,
 * decide its approvals; a viewer cannot type; agent-chosen text stays text. Screenshots of each
 * step go to {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest extends BrowserTest {
  private static final Principal BOT = new Principal("deploy-bot", Role.AGENT);

  private String root;
  private String sid;
  private String ptyId;
  private String operatorTab;

  @Override
  ConsoleWebServer serve() throws Exception {
    root = Files.createTempDirectory("rexd-console-browser").toRealPath().toString();
    return new ConsoleWebServer(RexdServer.builder().allowedRoot(Path.of(root))
            .approvals(ApprovalPolicy.rules(List.of("echo approve-me*", "echo deny-me*"), Duration.ofMinutes(2)))
            .build(),
        TokenTable.builder()
            .add("olga", TokenTable.sha256Hex("operator-token"), Role.OPERATOR)
            .add("vera", TokenTable.sha256Hex("viewer-token"), Role.VIEWER).build(),
        BOT, b -> b);
  }

  @Test
  @Order(1)
  void signIn() throws Exception {
    driver.get(consoleUrl());
    JavascriptExecutor js = (JavascriptExecutor) driver;
    // note every WebSocket the page opens: where to, and with which subprotocols
    js.executeScript("const Real = window.WebSocket; window.rexdSockets = [];"
        + " window.WebSocket = function (url, protocols) {"
        + "   window.rexdSockets.push({ url: String(url), protocols: protocols }); return new Real(url, protocols); };"
        + " window.WebSocket.prototype = Real.prototype;"
        + " ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach((k) => { window.WebSocket[k] = Real[k]; });");
    signInWith("operator-token");
    wait.until(ExpectedConditions.textToBe(By.id("who"), "signed in: operator"));
    assertThat(driver.getCurrentUrl()).doesNotContain("operator-token");
    JsonNode sockets = RexdJson.mapper().readTree((String) js.executeScript("return JSON.stringify(window.rexdSockets);"));
    assertThat(sockets).hasSize(1);
    assertThat(sockets.get(0).get("url").asString()).isEqualTo(web.url("/ws").replace("http:", "ws:"));
    assertThat(sockets.get(0).get("protocols").get(0).asString()).isEqualTo("rexd.bearer.operator-token");
    assertThat(js.executeScript("return Object.values(sessionStorage);").toString()).contains("operator-token");
    assertThat(js.executeScript("return localStorage.length;")).isEqualTo(0L);
    assertThat(js.executeScript("return document.cookie;")).isEqualTo("");
    shot("01-signed-in");
  }

  @Test
  @Order(2)
  void anAgentSessionAppears() throws Exception {
    sid = bot.result("session.open", params("client_name", "deploy-agent")).get("session_id").asString();
    WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#sessions tr[data-session-id='" + sid + "']")));
    assertThat(row.getText()).contains("deploy-agent").contains("deploy-bot");
    By cells = By.cssSelector("#sessions tr[data-session-id='" + sid + "'] td");
    List<String> expected = List.of("deploy-agent", "deploy-bot", root, "yes", "0", "0");
    wait.until(d -> texts(cells).equals(expected));
    shot("02-session-listed");
  }

  @Test
  @Order(3)
  void outputStreamsIntoThePage() throws Exception {
    click(By.cssSelector("#sessions tr[data-session-id='" + sid + "']"));
    wait.until(ExpectedConditions.textToBe(By.id("session-title"), "deploy-agent"));
    awaitWatching();
    String pid = bot.result("exec.start", params("session_id", sid, "shell", true,
        "command", "for i in 1 2 3; do echo tick $i; done; echo warn >&2")).get("process_id").asString();
    By output = By.cssSelector("li[data-process-id='" + pid + "'] .command-output");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(output, "tick 3"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(
        By.cssSelector("li[data-process-id='" + pid + "'] .command-status"), "exit 0"));
    assertThat(driver.findElement(output).getText()).contains("tick 1").contains("tick 2").contains("warn");
    assertThat(driver.findElement(By.cssSelector("li[data-process-id='" + pid + "'] .command-line")).getText())
        .startsWith("for i in 1 2 3");
    assertThat(driver.findElement(By.cssSelector("li[data-process-id='" + pid + "'] .command-cwd")).getText())
        .isEqualTo("in " + root);
    assertThat(driver.findElement(By.cssSelector("li[data-process-id='" + pid + "'] .command-status")).getText())
        .matches("exit 0 after \\d+ ms");
    shot("03-command-output");
  }

  @Test
  @Order(4)
  void aTerminalShowsAndKeystrokesReachTheProgram() throws Exception {
    ptyId = bot.result("pty.open", params("session_id", sid, "argv", List.of("cat"), "cols", 80, "rows", 12))
        .get("pty_id").asString();
    By screen = By.cssSelector("div[data-pty-id='" + ptyId + "'] .xterm-helper-textarea");
    wait.until(ExpectedConditions.presenceOfElementLocated(screen));
    assertThat(driver.findElement(By.cssSelector("div[data-pty-id='" + ptyId + "'] .terminal-mode")).getText())
        .contains("you can type");
    driver.findElement(By.cssSelector("div[data-pty-id='" + ptyId + "'] .terminal-screen")).click();
    driver.findElement(screen).sendKeys("typed-in-browser\n");
    wait.until(d -> terminalText(ptyId).contains("typed-in-browser")
        || !driver.findElement(By.id("session-notice")).getText().isEmpty());
    shot("04-terminal");
    assertThat(driver.findElement(By.id("session-notice")).getText()).isEmpty();
    awaitPtyOutput("typed-in-browser");

    // the operator fits the agent's 80x12 terminal to the page: the agent's terminal takes that size
    driver.findElement(By.cssSelector("div[data-pty-id='" + ptyId + "'] .fit")).click();
    wait.until(d -> !ptySize().equals("80x12") || !driver.findElement(By.id("session-notice")).getText().isEmpty());
    assertThat(driver.findElement(By.id("session-notice")).getText()).isEmpty();
  }

  @Test
  @Order(5)
  void approvingInThePageLetsTheAgentsStartAnswer() throws Exception {
    CompletableFuture<JsonNode> held = bot.callAsync("exec.start", params("session_id", sid,
        "argv", List.of("echo", "approve-me", "now")));
    WebElement approval = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li.approval")));
    assertThat(approval.findElement(By.className("approval-command")).getText()).endsWith("echo approve-me now");
    assertThat(held).isNotDone();
    shot("05-approval-pending");
    approval.findElement(By.className("approve")).click();
    JsonNode answer = held.get(30, TimeUnit.SECONDS);
    assertThat(answer.has("result")).as("exec.start answers once approved: %s", answer).isTrue();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.approval"), 0));
  }

  @Test
  @Order(6)
  void denyingInThePageRefusesTheStart() throws Exception {
    CompletableFuture<JsonNode> held = bot.callAsync("exec.start", params("session_id", sid,
        "argv", List.of("echo", "deny-me")));
    WebElement approval = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li.approval")));
    approval.findElement(By.className("approval-reason")).sendKeys("not today");
    shot("06-deny-with-reason");
    approval.findElement(By.className("deny")).click();
    JsonNode error = held.get(30, TimeUnit.SECONDS).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(-32009);
    assertThat(error.get("data").get("decision_reason").asString()).isEqualTo("not today");
    assertThat(error.get("data").get("by").asString()).isEqualTo("olga");
  }

  @Test
  @Order(7)
  void aViewersTerminalIsReadOnly() throws Exception {
    operatorTab = driver.getWindowHandle();
    driver.switchTo().newWindow(WindowType.TAB);
    driver.get(consoleUrl());
    signInWith("viewer-token");
    wait.until(ExpectedConditions.textToBe(By.id("who"), "signed in: viewer (read-only)"));
    click(By.cssSelector("#sessions tr[data-session-id='" + sid + "']"));
    By mode = By.cssSelector("div[data-pty-id='" + ptyId + "'] .terminal-mode");
    wait.until(d -> !d.findElements(mode).isEmpty() || !d.findElement(By.id("session-notice")).getText().isEmpty());
    shot("07-viewer-read-only");
    assertThat(driver.findElement(By.id("session-notice")).getText()).isEmpty();
    assertThat(driver.findElement(mode).getText()).contains("read-only");
    assertThat(driver.findElements(By.cssSelector("li.approval"))).isEmpty();
    assertThat(driver.findElement(By.id("close-session")).isDisplayed()).isFalse();
    driver.findElement(By.cssSelector("div[data-pty-id='" + ptyId + "'] .terminal-screen")).click();
    driver.findElement(By.cssSelector("div[data-pty-id='" + ptyId + "'] .xterm-helper-textarea"))
        .sendKeys("viewer-was-here\n");
    // the operator types after the viewer did; once that reaches the program, the viewer's keys would have too
    driver.switchTo().window(operatorTab);
    driver.findElement(By.cssSelector("div[data-pty-id='" + ptyId + "'] .terminal-screen")).click();
    driver.findElement(By.cssSelector("div[data-pty-id='" + ptyId + "'] .xterm-helper-textarea"))
        .sendKeys("operator-after\n");
    String seen = awaitPtyOutput("operator-after");
    assertThat(seen).doesNotContain("viewer-was-here");
  }

  @Test
  @Order(8)
  void aHostileClientNameIsShownAsTextAndRunsNothing() throws Exception {
    String hostile = "<img src=x onerror=alert(1)>";
    String xss = bot.result("session.open", params("client_name", hostile)).get("session_id").asString();
    By row = By.cssSelector("#sessions tr[data-session-id='" + xss + "'] td");
    wait.until(d -> hostile.equals(texts(row).stream().findFirst().orElse(null)));
    click(row);
    wait.until(ExpectedConditions.textToBe(By.id("session-title"), hostile));
    assertThat(driver.findElements(By.cssSelector("img"))).isEmpty();
    assertThat(alertShown()).isFalse();
    shot("08-hostile-name");
    bot.result("session.close", params("session_id", xss));
  }

  @Test
  @Order(9)
  void killInThePageEndsTheAgentsProcess() throws Exception {
    click(By.cssSelector("#sessions tr[data-session-id='" + sid + "']"));
    awaitWatching();
    String pid = bot.result("exec.start", params("session_id", sid, "shell", true, "command", "sleep 300"))
        .get("process_id").asString();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("li[data-process-id='" + pid + "'] .kill")))
        .click();
    JsonNode ended = bot.result("exec.wait", params("session_id", sid, "process_id", pid));
    assertThat(ended.get("signal").asString()).isEqualTo("SIGTERM");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(
        By.cssSelector("li[data-process-id='" + pid + "'] .command-status"), "killed by SIGTERM"));
    shot("09-killed");
  }

  @Test
  @Order(10)
  void closeInThePageEndsTheAgentsTerminal() throws Exception {
    driver.findElement(By.cssSelector("div[data-pty-id='" + ptyId + "'] .close-terminal")).click();
    JsonNode exit = bot.nextEvent("pty.exit");
    assertThat(exit.get("pty_id").asString()).isEqualTo(ptyId);
    assertThat(bot.result("session.info", params("session_id", sid)).get("ptys").toString())
        .doesNotContain("\"running\"");
    shot("10-terminal-closed");
  }

  @Test
  @Order(11)
  void closeSessionInThePageEndsTheAgentsSession() throws Exception {
    driver.findElement(By.id("close-session")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("session-notice"), "Session closed by olga"));
    JsonNode gone = bot.error("session.info", params("session_id", sid));
    assertThat(gone.get("data").get("reason").asString()).isEqualTo("session_not_found");
    assertThat(driver.findElements(By.cssSelector("#sessions tr[data-session-id='" + sid + "']"))).isEmpty();
    shot("11-session-closed");
  }

  /** The agent's terminal's size as {@code session.info} reports it, {@code COLSxROWS}. */
  private String ptySize() {
    JsonNode pty = bot.result("session.info", params("session_id", sid)).get("ptys").get(0);
    return pty.get("cols").asInt() + "x" + pty.get("rows").asInt();
  }

  /** Clicks what {@code by} finds, finding it again if the page re-rendered it meanwhile. */
  private void click(By by) {
    wait.until(d -> {
      try {
        d.findElement(by).click();
        return true;
      } catch (StaleElementReferenceException e) {
        return false;
      }
    });
  }

  /** The text of each element {@code by} finds; empty while the page re-renders them. */
  private List<String> texts(By by) {
    try {
      return driver.findElements(by).stream().map(WebElement::getText).toList();
    } catch (StaleElementReferenceException e) {
      return List.of();
    }
  }

  private boolean alertShown() {
    try {
      driver.switchTo().alert();
      return true;
    } catch (NoAlertPresentException e) {
      return false;
    }
  }

  private void signInWith(String token) {
    WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    input.sendKeys(token);
    driver.findElement(By.id("sign-in-button")).click();
  }

  /** The page's session.watch was answered (the page marks its session view then). */
  private void awaitWatching() {
    wait.until(ExpectedConditions.attributeToBe(By.id("session-view"), "data-watching", sid));
  }

  /** The agent's own pty.output, decoded, up to the first event that contains {@code marker}. */
  private String awaitPtyOutput(String marker) throws InterruptedException {
    StringBuilder all = new StringBuilder();
    while (!all.toString().contains(marker)) {
      JsonNode out = bot.nextEvent("pty.output");
      String data = out.get("data").asString();
      all.append("base64".equals(out.path("encoding").asString()) ? new String(Base64.getDecoder().decode(data))
          : data);
    }
    return all.toString();
  }

  private String terminalText(String pty) {
    Object text = ((JavascriptExecutor) driver).executeScript(
        "const r = document.querySelector(\"div[data-pty-id='\" + arguments[0] + \"'] .xterm-rows\");"
            + " return r ? r.textContent : '';", pty);
    return String.valueOf(text);
  }

  private String consoleUrl() {
    return web.url("/console/");
  }

  private void shot(String name) throws Exception {
    HeadlessChromium.shot(driver, name);
  }
}
