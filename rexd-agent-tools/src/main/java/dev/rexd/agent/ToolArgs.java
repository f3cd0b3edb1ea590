package dev.rexd.agent;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Arguments checked against a tool's {@link ToolParams}: each value already has its declared type.
 *
 * <pre>{@code
 * String path = args.string("path");
 * long limit = args.integer("limit", 2000);
 * }</pre>
 */
final class ToolArgs {
  private final Map<String, Object> values;

  ToolArgs(Map<String, Object> values) {
    this.values = values;
  }

  /** A required string (the schema check made sure it is there). */
  String string(String name) {
    return (String) java.util.Objects.requireNonNull(values.get(name), name);
  }

  @Nullable String optionalString(String name) {
    return (String) values.get(name);
  }

  long integer(String name, long fallback) {
    Object v = values.get(name);
    return v == null ? fallback : (Long) v;
  }

  @Nullable Long optionalInteger(String name) {
    return (Long) values.get(name);
  }

  boolean flag(String name, boolean fallback) {
    Object v = values.get(name);
    return v == null ? fallback : (Boolean) v;
  }

  /** A positive integer no larger than {@code max}, else an error naming it. */
  long positive(String name, long fallback, long max) {
    long v = integer(name, fallback);
    if (v <= 0 || v > max) {
      throw new ToolArgumentException("argument '" + name + "' must be between 1 and " + max + ", got " + v);
    }
    return v;
  }
}
