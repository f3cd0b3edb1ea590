package dev.rexd.api;

import dev.rexd.api.exec.ExecExitEvent;
import dev.rexd.api.exec.ExecOutputEvent;
import dev.rexd.api.pty.PtyExitEvent;
import dev.rexd.api.pty.PtyOutputEvent;

/**
 * Every REXD v1 event (server-to-client notification) as a typed descriptor.
 *
 * <pre>{@code
 * if (n.method().equals(RexdEvents.EXEC_EXIT.name())) { ... }
 * }</pre>
 */
public final class RexdEvents {
  public static final RexdEvent<ExecOutputEvent> EXEC_STDOUT = new RexdEvent<>("exec.stdout", ExecOutputEvent.class);
  public static final RexdEvent<ExecOutputEvent> EXEC_STDERR = new RexdEvent<>("exec.stderr", ExecOutputEvent.class);
  public static final RexdEvent<ExecExitEvent> EXEC_EXIT = new RexdEvent<>("exec.exit", ExecExitEvent.class);
  public static final RexdEvent<PtyOutputEvent> PTY_OUTPUT = new RexdEvent<>("pty.output", PtyOutputEvent.class);
  public static final RexdEvent<PtyExitEvent> PTY_EXIT = new RexdEvent<>("pty.exit", PtyExitEvent.class);

  private RexdEvents() {}
}
