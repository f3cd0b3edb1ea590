package dev.rexd.api.console;

/**
 * The empty params object of {@code server.sessions}, {@code server.watch}, {@code server.unwatch}
 * and {@code approval.list}.
 *
 * <pre>{@code
 * ServerSessionsResult all = client.call(ConsoleMethods.SERVER_SESSIONS, NoParams.INSTANCE);
 * }</pre>
 */
public record NoParams() {
  public static final NoParams INSTANCE = new NoParams();
}
