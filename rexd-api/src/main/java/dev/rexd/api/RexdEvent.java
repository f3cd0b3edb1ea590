package dev.rexd.api;

/**
 * A typed event (JSON-RPC notification) descriptor: the wire name and its params type.
 *
 * <pre>{@code
 * RexdEvent<ExecExitEvent> e = RexdEvents.EXEC_EXIT;
 * }</pre>
 *
 * @param <E> the event record
 */
public record RexdEvent<E>(String name, Class<E> type) {
  public RexdEvent {
    Require.present(name, "name");
    Require.present(type, "type");
  }
}
