package dev.rexd.core;

import dev.rexd.api.Capabilities;
import dev.rexd.api.OkResult;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.pty.PtyInputResult;
import dev.rexd.api.session.SessionInfo;
import dev.rexd.api.session.SandboxInfo;
import dev.rexd.api.session.SessionOpenResult;
import dev.rexd.core.exec.ExecService;
import dev.rexd.core.fs.FsGrep;
import dev.rexd.core.fs.FsService;
import dev.rexd.core.pty.PtyService;
import dev.rexd.core.rpc.MethodRegistry;
import dev.rexd.core.session.Session;
import dev.rexd.core.session.SessionManager;
import dev.rexd.core.watch.LifecycleEvents;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;


/**
 * Binds every protocol method to the service that implements it. {@code exec.start} and
 * {@code pty.open} answer through a stage, so a start the approval hook holds waits without a
 * thread (and then starts on {@code executor}); {@code pty.input} and {@code pty.resize} tell the
 * session's watchers who typed or resized.
 *
 * <pre>{@code
 * CoreMethods.register(registry, sessions, info);
 * }</pre>
 */
final class CoreMethods {
  /** What {@code session.open} reports about the server. */
  record ServerInfo(String version, List<String> capabilities, @Nullable SandboxInfo sandbox) {}

  private CoreMethods() {}

  static void register(MethodRegistry r, SessionManager sessions, Supplier<ServerInfo> server) {
    registerSessions(r, sessions, server);
  }

  private static void registerSessions(MethodRegistry r, SessionManager sessions, Supplier<ServerInfo> server) {
    r.register(RexdMethods.SESSION_OPEN, (call, p) -> {
      Session s = sessions.open(p, call.principal());
      call.session(s.id());
      ServerInfo info = server.get();
      return new SessionOpenResult(s.id(), Capabilities.PROTOCOL, info.version(), info.capabilities(),
          s.limits().asMap(), s.policy().rootNames(), info.sandbox());
    });
    r.registerQuick(RexdMethods.SESSION_INFO, (call, p) -> {
      Session s = call.session(p.sessionId());
      return new SessionInfo(s.id(), s.clientName(), s.cwd().toString(), s.policy().rootNames(),
          s.limits().asMap(), s.runningProcesses(), s.processes(), s.ptys());
    });
    r.register(RexdMethods.SESSION_CLOSE, (call, p) -> {
      call.session(p.sessionId());
      sessions.close(p.sessionId(), call.principal().name());
      return OkResult.OK;
    });
  }

  static void registerExec(MethodRegistry r, ExecService exec, Executor executor) {
    r.registerQuickAsync(RexdMethods.EXEC_START,
        (call, p) -> exec.startAsync(call, call.session(p.sessionId()), p, executor));
    r.register(RexdMethods.EXEC_WAIT, (call, p) -> exec.await(call.session(p.sessionId()), p));
    r.registerQuick(RexdMethods.EXEC_KILL, (call, p) -> exec.kill(call.session(p.sessionId()), p));
    r.register(RexdMethods.EXEC_INPUT, (call, p) -> exec.input(call.session(p.sessionId()), p));
    r.registerQuick(RexdMethods.EXEC_OUTPUT, (call, p) -> exec.output(call.session(p.sessionId()), p));
  }

  static void registerGrep(MethodRegistry r, FsGrep grep) {
    r.register(RexdMethods.FS_GREP, (call, p) -> grep.grep(call.session(p.sessionId()), p));
  }

  static void registerPty(MethodRegistry r, PtyService pty, Executor executor) {
    r.registerAsync(RexdMethods.PTY_OPEN, (call, p) -> pty.openAsync(call, call.session(p.sessionId()), p, executor));
    r.register(RexdMethods.PTY_INPUT, (call, p) -> {
      Session s = call.session(p.sessionId());
      PtyInputResult result = pty.input(s, p);
      LifecycleEvents.ptyInput(s, p.ptyId(), call.principal());
      return result;
    });
    r.register(RexdMethods.PTY_RESIZE, (call, p) -> {
      Session s = call.session(p.sessionId());
      OkResult ok = pty.resize(s, p);
      LifecycleEvents.ptyResized(s, p.ptyId(), p.cols(), p.rows(), call.principal());
      return ok;
    });
    r.register(RexdMethods.PTY_CLOSE, (call, p) -> pty.close(call.session(p.sessionId()), p));
  }

  static void registerFs(MethodRegistry r, FsService fs) {
    r.register(RexdMethods.FS_READ, (call, p) -> fs.read(call.session(p.sessionId()), p));
    r.register(RexdMethods.FS_WRITE, (call, p) -> fs.write(call.session(p.sessionId()), p));
    r.register(RexdMethods.FS_LIST, (call, p) -> fs.list(call.session(p.sessionId()), p));
    r.register(RexdMethods.FS_GLOB, (call, p) -> fs.glob(call.session(p.sessionId()), p));
    r.registerQuick(RexdMethods.FS_STAT, (call, p) -> fs.stat(call.session(p.sessionId()), p));
    r.register(RexdMethods.FS_EDIT, (call, p) -> fs.edit(call.session(p.sessionId()), p));
    r.register(RexdMethods.FS_PATCH, (call, p) -> fs.patch(call.session(p.sessionId()), p));
  }
}
