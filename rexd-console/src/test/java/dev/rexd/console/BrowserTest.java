package dev.rexd.console;

import dev.rexd.core.testing.WirePeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A browser test class: one server and one headless browser for all its tests, in order. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {
  ConsoleWebServer web;
  WebDriver driver;
  WebDriverWait wait;
  /** The agent whose work the page shows. */
  WirePeer bot;

  /** The server (and browser) this class's tests use. */
  abstract ConsoleWebServer serve() throws Exception;

  @BeforeAll
  void startServerAndBrowser() throws Exception {
    web = serve();
    bot = web.agent;
    driver = web.driver;
    wait = web.wait;
  }

  @AfterAll
  void stopServerAndBrowser() {
    if (web != null) {
      web.close();
    }
  }
}
