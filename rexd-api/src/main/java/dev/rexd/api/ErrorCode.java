package dev.rexd.api;

import org.jspecify.annotations.Nullable;

/**
 * The JSON-RPC error codes of REXD v1 (protocol section 2).
 *
 * <pre>{@code
 * ErrorCode c = ErrorCode.fromCode(-32002); // FORBIDDEN_PATH
 * }</pre>
 */
public enum ErrorCode {
  PARSE_ERROR(-32700, "parse error"),
  INVALID_REQUEST(-32600, "invalid request"),
  METHOD_NOT_FOUND(-32601, "method not found"),
  INVALID_PARAMS(-32602, "invalid params"),
  INTERNAL_ERROR(-32603, "internal error"),
  UNAUTHORIZED(-32001, "unauthorized"),
  FORBIDDEN_PATH(-32002, "forbidden path"),
  TIMEOUT(-32003, "timeout"),
  OUTPUT_LIMIT_EXCEEDED(-32004, "output limit exceeded"),
  PROCESS_NOT_FOUND(-32005, "process not found"),
  CONCURRENCY_CONFLICT(-32006, "concurrency conflict"),
  UNSUPPORTED_CAPABILITY(-32007, "unsupported capability"),
  RESOURCE_LIMIT(-32008, "resource limit"),
  NOT_APPROVED(-32009, "not approved");

  private final int code;
  private final String title;

  ErrorCode(int code, String title) {
    this.code = code;
    this.title = title;
  }

  /** The numeric JSON-RPC code. */
  public int code() {
    return code;
  }

  /** A short human title, used when no better message exists. */
  public String title() {
    return title;
  }

  /** The constant with this numeric code, or {@code null} for a code REXD does not define. */
  public static @Nullable ErrorCode fromCode(int code) {
    for (ErrorCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return null;
  }
}
