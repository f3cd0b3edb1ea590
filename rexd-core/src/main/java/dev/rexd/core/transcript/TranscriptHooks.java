package dev.rexd.core.transcript;

import dev.rexd.core.process.ExitStatus;
import dev.rexd.core.process.ManagedProcess;
import dev.rexd.core.process.ProcessExit;
import dev.rexd.core.process.ProcessHooks;
import dev.rexd.core.process.ProcessOutput;
import dev.rexd.core.process.ProcessRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a transcript line for every process and terminal when it ends, through the process
 * hooks. {@code env} lists the variables whose value differs from the server's own environment
 * (those the request or the server's defaults set), by name only.
 *
 * <pre>{@code
 * RexdServer.builder().processHooks(new TranscriptHooks(TranscriptLog.open(config)))
 * }</pre>
 */
public final class TranscriptHooks implements ProcessHooks {
  private final TranscriptLog log;
  private final Map<String, ProcessTranscript> running = new ConcurrentHashMap<>();

  public TranscriptHooks(TranscriptLog log) {
    this.log = log;
  }

  @Override
  public void onStart(ManagedProcess p) {
    ProcessRequest r = p.request();
    Map<String, String> server = System.getenv();
    List<String> envKeys = r.spec().env().entrySet().stream()
        .filter(e -> !Objects.equals(server.get(e.getKey()), e.getValue()))
        .map(Map.Entry::getKey).sorted().toList();
    running.put(key(p), log.begin(p.session().id(), p.session().clientName(), p.session().owner().name(), p.id(),
        r.command() == null ? r.spec().argv() : null, r.command(), r.spec().cwd().toString(), envKeys));
  }

  @Override
  public void onOutput(ProcessOutput o) {
    ProcessTranscript t = running.get(key(o.process()));
    if (t != null) {
      t.output(o.bytes(), 0, o.bytes().length);
    }
  }

  @Override
  public void onExit(ProcessExit x) {
    ProcessTranscript t = running.remove(key(x.process()));
    if (t != null) {
      ExitStatus s = x.status();
      t.ended(s.exitCode(), s.signal(), s.timedOut(), s.durationMs(), s.bytesStdout(), s.bytesStderr(), s.truncated());
    }
  }

  private static String key(ManagedProcess p) {
    return p.session().id() + "/" + p.id();
  }
}
