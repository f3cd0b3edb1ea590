package dev.rexd.api;

import dev.rexd.api.exec.ExecInputParams;
import dev.rexd.api.exec.ExecInputResult;
import dev.rexd.api.exec.ExecKillParams;
import dev.rexd.api.exec.ExecOutputParams;
import dev.rexd.api.exec.ExecOutputResult;
import dev.rexd.api.exec.ExecStartParams;
import dev.rexd.api.exec.ExecStartResult;
import dev.rexd.api.exec.ExecWaitParams;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.api.fs.FsEditParams;
import dev.rexd.api.fs.FsEditResult;
import dev.rexd.api.fs.FsGlobParams;
import dev.rexd.api.fs.FsGlobResult;
import dev.rexd.api.fs.FsGrepParams;
import dev.rexd.api.fs.FsGrepResult;
import dev.rexd.api.fs.FsListParams;
import dev.rexd.api.fs.FsListResult;
import dev.rexd.api.fs.FsPatchParams;
import dev.rexd.api.fs.FsPatchResult;
import dev.rexd.api.fs.FsReadParams;
import dev.rexd.api.fs.FsReadResult;
import dev.rexd.api.fs.FsStatParams;
import dev.rexd.api.fs.FsStatResult;
import dev.rexd.api.fs.FsWriteParams;
import dev.rexd.api.fs.FsWriteResult;
import dev.rexd.api.pty.PtyCloseParams;
import dev.rexd.api.pty.PtyInputParams;
import dev.rexd.api.pty.PtyInputResult;
import dev.rexd.api.pty.PtyOpenParams;
import dev.rexd.api.pty.PtyOpenResult;
import dev.rexd.api.pty.PtyResizeParams;
import dev.rexd.api.recording.RecordingGetParams;
import dev.rexd.api.recording.RecordingGetResult;
import dev.rexd.api.recording.RecordingListParams;
import dev.rexd.api.recording.RecordingListResult;
import dev.rexd.api.session.SessionCloseParams;
import dev.rexd.api.session.SessionInfo;
import dev.rexd.api.session.SessionInfoParams;
import dev.rexd.api.session.SessionOpenParams;
import dev.rexd.api.session.SessionOpenResult;
import java.util.List;

/**
 * Every REXD v1 method as a typed descriptor.
 *
 * <pre>{@code
 * FsStatResult r = client.call(RexdMethods.FS_STAT, new FsStatParams(sid, "pom.xml"));
 * }</pre>
 */
public final class RexdMethods {
  public static final RexdMethod<SessionOpenParams, SessionOpenResult> SESSION_OPEN =
      new RexdMethod<>("session.open", SessionOpenParams.class, SessionOpenResult.class);
  public static final RexdMethod<SessionInfoParams, SessionInfo> SESSION_INFO =
      new RexdMethod<>("session.info", SessionInfoParams.class, SessionInfo.class);
  public static final RexdMethod<SessionCloseParams, OkResult> SESSION_CLOSE =
      new RexdMethod<>("session.close", SessionCloseParams.class, OkResult.class);

  public static final RexdMethod<ExecStartParams, ExecStartResult> EXEC_START =
      new RexdMethod<>("exec.start", ExecStartParams.class, ExecStartResult.class);
  public static final RexdMethod<ExecWaitParams, ExecWaitResult> EXEC_WAIT =
      new RexdMethod<>("exec.wait", ExecWaitParams.class, ExecWaitResult.class);
  public static final RexdMethod<ExecKillParams, OkResult> EXEC_KILL =
      new RexdMethod<>("exec.kill", ExecKillParams.class, OkResult.class);
  public static final RexdMethod<ExecInputParams, ExecInputResult> EXEC_INPUT =
      new RexdMethod<>("exec.input", ExecInputParams.class, ExecInputResult.class);
  public static final RexdMethod<ExecOutputParams, ExecOutputResult> EXEC_OUTPUT =
      new RexdMethod<>("exec.output", ExecOutputParams.class, ExecOutputResult.class);

  public static final RexdMethod<FsReadParams, FsReadResult> FS_READ =
      new RexdMethod<>("fs.read", FsReadParams.class, FsReadResult.class);
  public static final RexdMethod<FsWriteParams, FsWriteResult> FS_WRITE =
      new RexdMethod<>("fs.write", FsWriteParams.class, FsWriteResult.class);
  public static final RexdMethod<FsListParams, FsListResult> FS_LIST =
      new RexdMethod<>("fs.list", FsListParams.class, FsListResult.class);
  public static final RexdMethod<FsGlobParams, FsGlobResult> FS_GLOB =
      new RexdMethod<>("fs.glob", FsGlobParams.class, FsGlobResult.class);
  public static final RexdMethod<FsGrepParams, FsGrepResult> FS_GREP =
      new RexdMethod<>("fs.grep", FsGrepParams.class, FsGrepResult.class);
  public static final RexdMethod<FsStatParams, FsStatResult> FS_STAT =
      new RexdMethod<>("fs.stat", FsStatParams.class, FsStatResult.class);
  public static final RexdMethod<FsEditParams, FsEditResult> FS_EDIT =
      new RexdMethod<>("fs.edit", FsEditParams.class, FsEditResult.class);
  public static final RexdMethod<FsPatchParams, FsPatchResult> FS_PATCH =
      new RexdMethod<>("fs.patch", FsPatchParams.class, FsPatchResult.class);

  public static final RexdMethod<PtyOpenParams, PtyOpenResult> PTY_OPEN =
      new RexdMethod<>("pty.open", PtyOpenParams.class, PtyOpenResult.class);
  public static final RexdMethod<PtyInputParams, PtyInputResult> PTY_INPUT =
      new RexdMethod<>("pty.input", PtyInputParams.class, PtyInputResult.class);
  public static final RexdMethod<PtyResizeParams, OkResult> PTY_RESIZE =
      new RexdMethod<>("pty.resize", PtyResizeParams.class, OkResult.class);
  public static final RexdMethod<PtyCloseParams, OkResult> PTY_CLOSE =
      new RexdMethod<>("pty.close", PtyCloseParams.class, OkResult.class);

  public static final RexdMethod<RecordingListParams, RecordingListResult> RECORDING_LIST =
      new RexdMethod<>("recording.list", RecordingListParams.class, RecordingListResult.class);
  public static final RexdMethod<RecordingGetParams, RecordingGetResult> RECORDING_GET =
      new RexdMethod<>("recording.get", RecordingGetParams.class, RecordingGetResult.class);

  /** Every descriptor above, in protocol order. */
  public static final List<RexdMethod<?, ?>> ALL = List.of(
      SESSION_OPEN, SESSION_INFO, SESSION_CLOSE,
      EXEC_START, EXEC_WAIT, EXEC_KILL, EXEC_INPUT, EXEC_OUTPUT,
      FS_READ, FS_WRITE, FS_LIST, FS_GLOB, FS_STAT, FS_EDIT, FS_PATCH, FS_GREP,
      PTY_OPEN, PTY_INPUT, PTY_RESIZE, PTY_CLOSE,
      RECORDING_LIST, RECORDING_GET);

  private RexdMethods() {}
}
