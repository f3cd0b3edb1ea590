package dev.rexd.core.audit;

import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes secrets and file contents from params before they reach the audit log: content-bearing
 * fields and every {@code env} value become {@code {"redacted_length": n}}.
 *
 * <pre>{@code
 * JsonNode safe = AuditRedactor.redact(params); // {"path":"a","content":{"redacted_length":5}}
 * }</pre>
 */
public final class AuditRedactor {
  private static final Set<String> CONTENT_FIELDS =
      Set.of("content", "data", "stdin", "patch_text", "old_string", "new_string");

  private AuditRedactor() {}

  /** A redacted copy of {@code params}; null stays null. */
  public static @Nullable JsonNode redact(@Nullable JsonNode params) {
    if (params == null || !params.isObject()) {
      return params;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (var e : params.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (CONTENT_FIELDS.contains(key) && value.isString()) {
        out.set(key, lengthOf(value));
      } else if (key.equals("env") && value.isObject()) {
        ObjectNode env = out.putObject("env");
        for (var v : value.properties()) {
          env.set(v.getKey(), lengthOf(v.getValue()));
        }
      } else {
        out.set(key, value);
      }
    }
    return out;
  }

  private static JsonNode lengthOf(JsonNode value) {
    int length = value.isString() ? value.asString().length() : value.toString().length();
    return JsonNodeFactory.instance.objectNode().put("redacted_length", length);
  }
}
