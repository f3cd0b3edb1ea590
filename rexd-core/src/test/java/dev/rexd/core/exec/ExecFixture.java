package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.rexd.api.Encoding;
import dev.rexd.api.RexdException;
import dev.rexd.api.exec.ExecExitEvent;
import dev.rexd.api.exec.ExecOutputEvent;
import dev.rexd.api.exec.ExecWaitParams;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.core.Limits;
import dev.rexd.core.policy.RootPolicy;
import dev.rexd.core.process.ProcessPolicy;
import dev.rexd.core.process.ProcessService;
import dev.rexd.core.rpc.CallContext;
import dev.rexd.core.sandbox.TestSandbox;
import dev.rexd.core.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Sessions, subscribed event recorders and an {@link ExecService} over one temp root, calling the
 * service the way the dispatcher does (after-response actions run once {@code start} returned).
 */
final class ExecFixture implements AutoCloseable {
  static final long GRACE_MILLIS = 300;

  final Path root;
  final Limits limits;
  final ProcessService processes;
  final ExecService exec;
  /** Whether processes run in a PID namespace of their own, so pids they print are not the host's. */
  private boolean sandboxed;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, EventRecorder> recorders = new ConcurrentHashMap<>();

  ExecFixture(Path root, SpawnPath path) {
    this(root, path, Limits.defaults());
  }

  ExecFixture(Path root, SpawnPath path, Limits limits) {
    this(root, limits, path.service(ProcessPolicy.defaults().withKillGraceMillis(GRACE_MILLIS)));
    this.sandboxed = path == SpawnPath.SANDBOXED;
  }

  ExecFixture(Path root, Limits limits, ProcessService processes) {
    this.root = root;
    this.limits = limits;
    this.processes = processes;
    this.exec = new ExecService(processes);
  }

  Session open(String id) {
    return open(id, new EventRecorder());
  }

  Session open(String id, EventRecorder recorder) {
    return open(id, recorder, List.of(root));
  }

  /** A session over these roots (the fixture's root first, for its cwd). */
  Session open(String id, EventRecorder recorder, List<Path> roots) {
    Session s = new Session(id, "test", null, RootPolicy.of(roots), limits);
    s.subscribe(recorder);
    sessions.put(id, s);
    recorders.put(id, recorder);
    return s;
  }

  EventRecorder events(Session s) {
    return recorders.get(s.id());
  }

  CallContext call() {
    return new CallContext(id -> {
      Session s = sessions.get(id);
      if (s == null || s.isClosed()) {
        throw RexdException.sessionNotFound(id);
      }
      return s;
    });
  }

  /** {@code exec.start}, then the after-response actions, as the dispatcher runs them. */
  String start(Session s, Start p) {
    CallContext call = call();
    String id = exec.start(call, s, p.build()).processId();
    call.runAfterResponse();
    return id;
  }

  Run run(Session s, Start p) throws InterruptedException {
    return collect(s, start(s, p));
  }

  ExecWaitResult await(Session s, String processId, @Nullable Long timeoutMs) {
    return exec.await(s, new ExecWaitParams(s.id(), processId, timeoutMs));
  }

  /**
   * Waits for the {@code exec.exit} of a process (taking its remaining events), then checks all of
   * its events: ids, seq from 1 and contiguous per stream, byte counts equal to {@code exec.exit}'s,
   * exactly one {@code exec.exit} and nothing after it.
   */
  Run collect(Session s, String processId) throws InterruptedException {
    EventRecorder rec = events(s);
    while (!rec.next(processId).isExit()) {
      // taken; checked below from the history
    }
    await(s, processId, null);   // completes only after exec.exit was published
    List<EventRecorder.Event> all = List.copyOf(rec.history(processId));
    assertThat(rec.pending(processId)).as("events after exec.exit").isZero();
    assertThat(all.get(all.size() - 1).isExit()).isTrue();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Set<Encoding> outEncodings = EnumSet.noneOf(Encoding.class);
    List<String> outChunks = new ArrayList<>();
    long outSeq = 0;
    long errSeq = 0;
    for (EventRecorder.Event e : all.subList(0, all.size() - 1)) {
      ExecOutputEvent o = e.output();
      assertThat(o.sessionId()).isEqualTo(s.id());
      assertThat(o.processId()).isEqualTo(processId);
      byte[] bytes = o.encoding().decode(o.data());
      if (e.method().equals("exec.stdout")) {
        assertThat(o.seq()).isEqualTo(++outSeq);
        out.writeBytes(bytes);
        outEncodings.add(o.encoding());
        if (outChunks.size() < 1000) {
          outChunks.add(o.data());
        }
      } else if (e.method().equals("exec.stderr")) {
        assertThat(o.seq()).isEqualTo(++errSeq);
        err.writeBytes(bytes);
      } else {
        fail("unexpected event " + e.method());
      }
    }
    ExecExitEvent exit = all.get(all.size() - 1).exit();
    assertThat(exit.sessionId()).isEqualTo(s.id());
    assertThat(exit.processId()).isEqualTo(processId);
    assertThat(exit.bytesStdout()).isEqualTo(out.size());
    assertThat(exit.bytesStderr()).isEqualTo(err.size());
    return new Run(processId, out.toByteArray(), err.toByteArray(), exit, outEncodings, outChunks);
  }

  /** The result of one collected process. */
  record Run(String processId, byte[] stdout, byte[] stderr, ExecExitEvent exit, Set<Encoding> stdoutEncodings,
      List<String> stdoutChunks) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    String err() {
      return new String(stderr, StandardCharsets.UTF_8);
    }
  }

  /** Whether {@code pid} exists and is not a zombie (this container's init does not reap orphans). */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      // the process went between opening its stat file and reading it (ESRCH)
      if (Files.notExists(Path.of("/proc/" + pid))) {
        return false;
      }
      throw new IllegalStateException(e);
    }
  }

  /** Polls /proc until {@code pid} stopped running; fails after 10 s. */
  static void awaitDead(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (running(pid)) {
      if (System.nanoTime() > deadline) {
        fail("process " + pid + " still running");
      }
      Thread.sleep(10);
    }
  }

  /** How many descriptors this JVM has open. */
  static int openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return (int) fds.count();
    }
  }

  /**
   * Polls until this JVM has at most {@code baseline} descriptors open; fails after 10 s, naming
   * what is open.
   */
  static void awaitFdsAtMost(int baseline) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (openFds() > baseline) {
      if (System.nanoTime() > deadline) {
        List<String> open = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
          fds.forEach(fd -> {
            try {
              open.add(fd.getFileName() + " -> " + Files.readSymbolicLink(fd));
            } catch (IOException e) {
              open.add(fd.getFileName() + " (gone)");
            }
          });
        }
        fail("expected at most " + baseline + " open descriptors, have " + open.size() + ": " + open);
      }
      Thread.sleep(10);
    }
  }

  /** The first line of a process's stdout as a pid (for {@code echo $!}). */
  long firstPid(Session s, String processId) throws InterruptedException {
    EventRecorder rec = events(s);
    StringBuilder line = new StringBuilder();
    while (line.indexOf("\n") < 0) {
      EventRecorder.Event e = rec.next(processId);
      assertThat(e.method()).isEqualTo("exec.stdout");
      line.append(e.output().data());
    }
    long printed = Long.parseLong(line.substring(0, line.indexOf("\n")).trim());
    return sandboxed ? TestSandbox.hostPid(s, processId, printed) : printed;
  }

  @Override
  public void close() {
    processes.shutdown();
    sessions.values().forEach(Session::close);
  }
}
