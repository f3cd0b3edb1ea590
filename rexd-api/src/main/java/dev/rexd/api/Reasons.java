package dev.rexd.api;

/**
 * The stable {@code data.reason} words REXD errors carry, so clients branch on data, not on text.
 *
 * <pre>{@code
 * if (e.reason().equals(Reasons.NOT_FOUND)) { ... }
 * }</pre>
 */
public final class Reasons {
  public static final String SESSION_NOT_FOUND = "session_not_found";
  public static final String NOT_FOUND = "not_found";
  public static final String EXISTS = "exists";
  public static final String NOT_A_DIRECTORY = "not_a_directory";
  public static final String IS_A_DIRECTORY = "is_a_directory";
  public static final String NO_MATCH = "no_match";
  public static final String AMBIGUOUS_MATCH = "ambiguous_match";
  public static final String PATCH_FAILED = "patch_failed";
  public static final String SHELL_DISABLED = "shell_disabled";
  public static final String OUTSIDE_ROOTS = "outside_roots";
  public static final String MTIME_MISMATCH = "mtime_mismatch";
  public static final String PERMISSION_DENIED = "permission_denied";
  public static final String INVALID_ARGUMENT = "invalid_argument";
  public static final String MISSING_FIELD = "missing_field";
  public static final String BAD_JSON = "bad_json";
  public static final String MESSAGE_TOO_LARGE = "message_too_large";
  public static final String INVALID_REQUEST = "invalid_request";
  public static final String UNKNOWN_METHOD = "unknown_method";
  public static final String INTERNAL = "internal";
  public static final String IO_ERROR = "io_error";
  public static final String UNAUTHORIZED = "unauthorized";
  public static final String TOO_MANY_SESSIONS = "too_many_sessions";
  public static final String TOO_MANY_PROCESSES = "too_many_processes";
  public static final String COMMAND_DENIED = "command_denied";
  public static final String PTY_UNAVAILABLE = "pty_unavailable";
  public static final String PROCESS_NOT_FOUND = "process_not_found";
  public static final String NOT_OWNER = "not_owner";
  public static final String TIMEOUT = "timeout";
  public static final String STDIN_CLOSED = "stdin_closed";
  public static final String NAME_TOO_LONG = "name_too_long";
  public static final String NO_CHANGE = "no_change";
  public static final String HARDLINKED = "hardlinked";
  public static final String PATH_CHANGED = "path_changed";
  public static final String DETACH_DISABLED = "detach_disabled";
  public static final String EVICTED = "evicted";

  public static final String FORBIDDEN_ROLE = "forbidden_role";
  public static final String OWN_REQUEST = "own_request";
  public static final String DENIED = "denied";
  public static final String APPROVAL_TIMEOUT = "approval_timeout";
  public static final String UNKNOWN_APPROVAL = "unknown_approval";
  public static final String ALREADY_DECIDED = "already_decided";

  private Reasons() {}
}
