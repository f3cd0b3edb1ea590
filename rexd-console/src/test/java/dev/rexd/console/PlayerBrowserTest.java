package dev.rexd.console;

import static dev.rexd.console.ConsoleFixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.core.recording.RecordingConfig;
import dev.rexd.transport.http.recording.RecordingServlet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The recordings page in a real headless Chromium: asciinema-player, shipped in the jar, loads a
 * recording the test made from {@code GET /recordings/{id}.cast} and plays it to its end; an agent
 * signed in to the page sees only its own recordings.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlayerBrowserTest extends BrowserTest {
  private static final Principal BOT = new Principal("build-bot", Role.AGENT);


  @Override
  ConsoleWebServer serve() throws Exception {
    Path root = Files.createTempDirectory("rexd-player-browser");
    RexdServer server = RexdServer.builder().allowedRoot(root)
        .recording(RecordingConfig.in(root.resolve(".recordings"))).build();
    return new ConsoleWebServer(server, TokenTable.builder()
            .add("olga", TokenTable.sha256Hex("operator-token"), Role.OPERATOR)
            .add("other-bot", TokenTable.sha256Hex("agent-token"), Role.AGENT).build(),
        BOT, b -> b.mount(RecordingServlet.PATH, new RecordingServlet(server.recorder().orElseThrow())));
  }

  @Test
  @Order(1)
  void theConsolesPlayerPlaysARecordingToItsEnd() throws Exception {
    String sid = bot.result("session.open", params("client_name", "build-agent")).get("session_id").asString();
    run(sid, "printf 'compiling %s\\n' core api cli");
    run(sid, "echo 'build finished: played-back-42'");
    bot.result("session.close", params("session_id", sid));
    String recordingId = bot.result("recording.list", params("session_id", sid)).get("recordings").get(0)
        .get("recording_id").asString();

    driver.get(web.url("/console/recordings.html"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys("operator-token");
    driver.findElement(By.id("sign-in-button")).click();
    By row = By.cssSelector("#recordings tr[data-recording-id='" + recordingId + "']");
    assertThat(wait.until(ExpectedConditions.elementToBeClickable(row)).getText()).contains("build-agent");
    new Select(driver.findElement(By.id("speed"))).selectByValue("2");
    driver.findElement(row).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("player"), "data-state", "ended"));
    String screen = screenShowing("[exit 0");
    assertThat(screen).contains("printf 'compiling %s\\n' core api cli").contains("compiling cli")
        .contains("build finished: played-back-42").contains("[exit 0");
    assertThat(driver.getCurrentUrl()).doesNotContain("operator-token");
    HeadlessChromium.shot(driver, "player-ended");
  }

  /**
   * The player's own controls pause, resume and seek (a click a tenth into the progress bar shows
   * the screen from before the pause again); the page's idle-time limit cuts a 4 s pause, so
   * the recording that lasted over 4 s ends before its third second. Without a limit it is asserted
   * to last 3 s at least: the player updates its clock every 100 ms and may stop it that much
   * short of the end, and the page's default limit (2 s) would end it before then.
   */
  @Test
  @Order(2)
  void theControlsPauseResumeSeekAndCutPausesToTheIdleLimit() throws Exception {
    String sid = bot.result("session.open", params("client_name", "pausing-agent")).get("session_id").asString();
    run(sid, "printf 'one-%s\\n' first; sleep 4; printf 'two-%s\\n' second"); // output unlike the command line
    bot.result("session.close", params("session_id", sid));
    String recordingId = bot.result("recording.list", params("session_id", sid)).get("recordings").get(0)
        .get("recording_id").asString();

    driver.get(web.url("/console/recordings.html")); // signed in as the operator by the first test
    By row = By.cssSelector("#recordings tr[data-recording-id='" + recordingId + "']");
    wait.until(ExpectedConditions.elementToBeClickable(row));
    js("document.getElementById('idle-limit').value = '0'"); // no limit: the pause plays in full
    driver.findElement(row).click();
    wait.until(d -> playerText().contains("one-first"));
    control("ap-playback-button");
    wait.until(ExpectedConditions.attributeToBe(By.id("player"), "data-state", "paused"));
    control("ap-playback-button");
    wait.until(ExpectedConditions.attributeToBe(By.id("player"), "data-state", "playing"));
    wait.until(ExpectedConditions.attributeToBe(By.id("player"), "data-state", "ended"));
    screenShowing("two-second");
    assertThat(elapsedSeconds()).as("length without an idle limit").isGreaterThanOrEqualTo(3);

    WebElement bar = driver.findElement(By.cssSelector("#player .ap-progressbar .ap-bar"));
    new Actions(driver).moveToElement(driver.findElement(By.id("player")))
        .moveToElement(bar, -bar.getSize().getWidth() * 2 / 5, 0).click().perform(); // a tenth in: in the pause
    wait.until(d -> !playerText().contains("two-second") && playerText().contains("one-first"));
    assertThat(playerText()).contains("first; sleep 4"); // the command line, shown from the start

    js("const e = document.getElementById('idle-limit'); e.value = '0.5'; e.dispatchEvent(new Event('change'))");
    wait.until(ExpectedConditions.attributeToBe(By.id("player"), "data-state", "ended"));
    screenShowing("two-second");
    assertThat(elapsedSeconds()).as("length with pauses cut to 0.5 s").isLessThan(3);
  }

  @Test
  @Order(3)
  void anAgentSeesOnlyItsOwnRecordingsInThePage() throws Exception {
    ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
    driver.get(web.url("/console/recordings.html"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys("agent-token");
    driver.findElement(By.id("sign-in-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recordings-empty")));
    assertThat(driver.findElements(By.cssSelector("#recordings tbody tr"))).isEmpty();
  }

  private void run(String sid, String command) {
    String pid = bot.result("exec.start", params("session_id", sid, "shell", true, "command", command))
        .get("process_id").asString();
    bot.result("exec.wait", params("session_id", sid, "process_id", pid));
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /** Clicks a button of the player's control bar, shown while the pointer is over the player. */
  private void control(String buttonClass) {
    new Actions(driver).moveToElement(driver.findElement(By.id("player")))
        .moveToElement(driver.findElement(By.cssSelector("#player ." + buttonClass))).click().perform();
  }

  /** The player's elapsed time ({@code MM:SS}) in whole seconds. */
  private int elapsedSeconds() {
    String mmss = String.valueOf(js("return document.querySelector('#player .ap-time-elapsed').textContent"));
    assertThat(mmss).matches("\\d\\d:\\d\\d");
    return Integer.parseInt(mmss.substring(0, 2)) * 60 + Integer.parseInt(mmss.substring(3));
  }

  /**
   * The player's screen once it shows {@code text}: the player may report its end before it has
   * painted the last frame.
   */
  private String screenShowing(String text) {
    return wait.until(d -> {
      String screen = playerText();
      return screen.contains(text) ? screen : null;
    });
  }

  /** The text asciinema-player shows in its terminal, line by line. */
  private String playerText() {
    return String.valueOf(((JavascriptExecutor) driver).executeScript(
        "const t = document.querySelector('#player .ap-term'); return t ? t.innerText : '';"));
  }
}
