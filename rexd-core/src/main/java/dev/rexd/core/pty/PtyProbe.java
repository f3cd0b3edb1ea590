package dev.rexd.core.pty;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether pseudo-terminals really work on this host: runs {@code /bin/sh -c 'exit 0'} under one
 * and expects exit value 0. Fails (and logs why) when pty4j's native part cannot load, no PTY can
 * be allocated, or there is no {@code /bin/sh}.
 *
 * <pre>{@code
 * boolean pty = PtyProbe.works();   // takes a few milliseconds; callers cache it
 * }</pre>
 */
final class PtyProbe {
  private static final System.Logger LOG = System.getLogger(PtyProbe.class.getName());
  private static final long TIMEOUT_SECONDS = 10;

  private PtyProbe() {}

  static boolean works() {
    PtyProcess p;
    try {
      p = new PtyProcessBuilder(new String[] {"/bin/sh", "-c", "exit 0"})
          .setEnvironment(Map.of("PATH", "/usr/bin:/bin"))
          .start();
    } catch (IOException | RuntimeException | LinkageError e) {
      LOG.log(System.Logger.Level.WARNING, "pseudo-terminals are unavailable on this host: " + e);
      return false;
    }
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.log(System.Logger.Level.WARNING, "pseudo-terminals are unavailable: a test shell did not exit");
        return false;
      }
      return p.exitValue() == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      try {
        p.getInputStream().close();
        p.getOutputStream().close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing the probe terminal", e);
      }
    }
  }
}
