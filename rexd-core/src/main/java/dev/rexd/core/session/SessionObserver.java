package dev.rexd.core.session;

import dev.rexd.api.RexdEvent;

/**
 * Sees every event a session {@linkplain Session#publish publishes} or
 * {@linkplain Session#publishToWatchers sends its watchers}, before it goes to the channels; the
 * audit log uses it to record how processes ended, the recorder to mark approvals. Output chunks, which go out as
 * bytes through {@link Session#publishOutput}, are not shown to it. Must be quick and must not
 * throw.
 *
 * <pre>{@code
 * SessionObserver audit = (session, event, params) -> { if (event == RexdEvents.EXEC_EXIT) log(params); };
 * }</pre>
 */
@FunctionalInterface
public interface SessionObserver {
  /** Observes nothing. */
  SessionObserver NONE = (session, event, params) -> {};

  void published(Session session, RexdEvent<?> event, Object params);

  /** An output event of {@code frameBytes} encoded bytes went out (for metrics); quick, never throws. */
  default void outputPublished(Session session, int frameBytes) {}
}
