package dev.rexd.cli;

import dev.rexd.client.Chunk;
import dev.rexd.client.ExecCall;
import dev.rexd.client.ExitStatus;
import dev.rexd.client.RemoteProcess;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdClientException;
import dev.rexd.client.RexdSession;
import dev.rexd.client.RexdTarget;
import dev.rexd.core.process.Signals;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rexd exec --target NAME [--cwd DIR] -- CMD ARGS...}: runs a command on a target (no shell:
 * {@code CMD} is the program), streams its stdout and stderr here as they come, and exits with its
 * exit code — {@code 128 + n} when signal {@code n} ended it. Ctrl-C sends {@code INT} to the
 * remote process group; if this process's stdout closes (say {@code | head}), the remote command
 * gets {@code TERM}. Over an http target, which carries no events, the client polls the output, so
 * it comes in rounds of a quarter second.
 *
 * <pre>{@code
 * rexd exec --target prod --cwd /srv/app -- git log --oneline -5
 * echo hello | rexd exec --target prod -i -- wc -c
 * }</pre>
 */
@Command(name = "exec", mixinStandardHelpOptions = true, versionProvider = RexdMain.Version.class, sortOptions = false,
    description = "Run a command on a target, streaming its output; exit with its exit code.")
final class ExecCommand extends ClientCommand {
  @Option(names = "--target", required = true, paramLabel = "NAME", description = "The target's name in targets.json.")
  String target = "";

  @Option(names = "--cwd", paramLabel = "DIR", description = "Where the command runs (default: the target's).")
  @Nullable String cwd;

  @Option(names = {"-i", "--stdin"},
      description = "Pass this process's stdin to the command (default: the command's stdin is empty).")
  boolean stdin;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "Kill the command after this long (default: the server's default_timeout_ms).")
  @Nullable Long timeoutSeconds;

  @Parameters(arity = "1..*", paramLabel = "CMD", description = "The program and its arguments.")
  List<String> command = new ArrayList<>();

  ExecCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    super(out, err, env);
  }

  @Override
  int run() {
    if (timeoutSeconds != null && timeoutSeconds <= 0) {
      err.println("rexd: --timeout must be a positive number of seconds");
      return 2;
    }
    RexdTarget to = targets().get(target);
    try (RexdClient client = connect(to); RexdSession session = open(client, target)) {
      AtomicReference<@Nullable RemoteProcess> started = new AtomicReference<>();
      AtomicBoolean stdoutGone = new AtomicBoolean();
      ExecCall call = session.exec(command)
          .onStdout(chunk -> {
            if (!copy(chunk, out) && stdoutGone.compareAndSet(false, true)) {
              terminate(started.get());
            }
          })
          .onStderr(chunk -> copy(chunk, err));
      RemoteProcess process = withOptions(call).start();
      started.set(process);
      if (stdoutGone.get()) {
        terminate(process);
      }
      Thread interrupt = new Thread(() -> signal(process, "INT"), "rexd-exec-interrupt");
      Runtime.getRuntime().addShutdownHook(interrupt);
      try {
        if (stdin) {
          forwardStdin(process);
        }
        return status(process.waitFor());
      } finally {
        removeHook(interrupt);
      }
    }
  }

  private ExecCall withOptions(ExecCall call) {
    if (cwd != null) {
      call.cwd(cwd);
    }
    if (timeoutSeconds != null) {
      call.timeout(Duration.ofSeconds(timeoutSeconds));
    }
    return stdin ? call : call.stdin("");
  }

  /** Writes a chunk and says whether the stream still takes output. */
  private static boolean copy(Chunk chunk, PrintStream to) {
    byte[] bytes = chunk.bytes();
    to.write(bytes, 0, bytes.length);
    to.flush();
    return !to.checkError();
  }

  private int status(ExitStatus exit) {
    if (exit.timedOut()) {
      err.println("rexd: " + String.join(" ", command) + " timed out on " + target);
    }
    if (exit.truncated()) {
      err.println("rexd: " + String.join(" ", command) + " passed the output limit and was killed");
    }
    Integer code = exit.exitCode();
    if (code != null) {
      return code;
    }
    String name = String.valueOf(exit.signal());
    for (int n = 1; n < 65; n++) {
      if (Signals.name(n).equals(name)) {
        return 128 + n;
      }
    }
    err.println("rexd: the command ended by an unknown signal " + name);
    return 1;
  }

  /** Copies stdin to the process on a daemon thread; end of input closes its stdin. */
  private void forwardStdin(RemoteProcess process) {
    InputStream in = new FileInputStream(FileDescriptor.in);
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try {
        int n;
        while ((n = in.read(buffer)) != -1) {
          process.write(Arrays.copyOf(buffer, n));
        }
        process.closeStdin();
      } catch (IOException | RexdClientException e) {
        // the command ended or stopped reading: its exit status tells the rest
      }
    }, "rexd-exec-stdin");
    t.setDaemon(true);
    t.start();
  }

  private static void terminate(@Nullable RemoteProcess process) {
    if (process != null) {
      CompletableFuture.runAsync(() -> signal(process, "TERM"));
    }
  }

  private static void signal(RemoteProcess process, String signal) {
    if (process.isAlive()) {
      try {
        process.kill(signal);
      } catch (RexdClientException e) {
        // the process or the connection is gone already
      }
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down (Ctrl-C): the hook runs
    }
  }
}
