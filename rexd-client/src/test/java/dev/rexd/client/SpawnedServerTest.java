package dev.rexd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.RexdException;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.exec.ExecWaitParams;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.core.Limits;
import dev.rexd.transport.stdio.ChildStderr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A server started as a child process: where its stderr goes, and what its death does to pending calls. */
@Timeout(60)
class SpawnedServerTest {
  @TempDir Path root;

  /** {@code sh -c} that says hello on stderr, writes its pid, then becomes the stdio server. */
  private List<String> command(Path pidFile) {
    List<String> server = StdioTestServer.command(root, Limits.defaults(), true);
    StringBuilder line = new StringBuilder("echo 'hello from stderr' >&2; echo $$ > '" + pidFile + "'; exec");
    for (String arg : server) {
      line.append(" '").append(arg.replace("'", "'\\''")).append('\'');
    }
    return List.of("/bin/sh", "-c", line.toString());
  }

  @Test
  void theServersStderrGoesToTheCallbackLineByLine() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    try (RexdClient c = RexdClient.builder().spawn(command(root.resolve("pid")))
        .serverStderr(ChildStderr.lines(lines::add)).build();
         RexdSession s = c.openSession("stderr")) {
      assertThat(lines.poll(20, TimeUnit.SECONDS)).isEqualTo("hello from stderr");
      assertThat(s.exec("echo", "ok").run().stdout()).isEqualTo("ok\n");
    }
  }

  @Test
  void byDefaultTheServersStderrIsLoggedNotInherited() throws Exception {
    BlockingQueue<String> logged = new LinkedBlockingQueue<>();
    Logger jul = Logger.getLogger(RexdClient.SERVER_STDERR_LOGGER);
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logged.add(r.getLevel() + " " + r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(capture);
    try (RexdClient c = RexdClient.builder().spawn(command(root.resolve("pid"))).build();
         RexdSession s = c.openSession("logged")) {
      assertThat(logged.poll(20, TimeUnit.SECONDS)).isEqualTo("INFO hello from stderr");
    } finally {
      jul.removeHandler(capture);
    }
  }

  @Test
  void aDeadServerFailsEveryPendingCallWithATransportException() throws Exception {
    Path pidFile = root.resolve("pid");
    RexdClient c = RexdClient.builder().spawn(command(pidFile)).serverStderr(ChildStderr.discard()).build();
    try (c) {
      RexdSession s = c.openSession("doomed");
      RemoteProcess p = s.exec("sleep", "5").start();
      p.discardOutput();
      List<CompletableFuture<ExecWaitResult>> pending = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        pending.add(c.callAsync(RexdMethods.EXEC_WAIT, new ExecWaitParams(s.id(), p.id(), null)));
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      for (CompletableFuture<ExecWaitResult> w : pending) {
        assertThatThrownBy(() -> w.get(20, TimeUnit.SECONDS)).cause()
            .isInstanceOf(RexdTransportException.class)
            .hasMessageContaining("exited with status 137");
      }
      assertThatThrownBy(p::waitFor).isInstanceOf(RexdTransportException.class);
      assertThatThrownBy(s::info).isInstanceOf(RexdException.class).isInstanceOf(RexdTransportException.class);
      assertThat(c.isOpen()).isFalse();
    }
  }
}
