package dev.rexd.api;

/**
 * The {@code {ok: true}} result of close, kill and resize calls.
 *
 * <pre>{@code
 * OkResult r = OkResult.OK;
 * }</pre>
 */
public record OkResult(boolean ok) {
  public static final OkResult OK = new OkResult(true);
}
