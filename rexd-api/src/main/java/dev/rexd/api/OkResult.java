package dev.rexd.api;

/**
 * The {@code {ok: true}} result of close, kill and resize calls.
 *
 * {@code
 * OkResult r = OkResult.OK;
 * }
 */
public record OkResult(boolean ok) {
  public static final OkResult OK = new OkResult(true);
}
