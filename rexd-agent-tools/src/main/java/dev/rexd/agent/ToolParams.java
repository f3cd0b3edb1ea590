package dev.rexd.agent;

import dev.rexd.api.json.RexdJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool's parameters: the JSON Schema a model sees, and the check of what it sends back. Numbers
 * and booleans sent as strings ({@code "30"}, {@code "true"}) are accepted, as models do that;
 * anything else that does not fit is a {@link ToolArgumentException} naming the argument.
 *
 * <pre>{@code
 * ToolParams p = new ToolParams().required("path", Type.STRING, "File to read").optional("limit", Type.INTEGER, "Lines");
 * ToolArgs args = p.check(json);
 * }</pre>
 */
final class ToolParams {
  enum Type {
    STRING("string"), INTEGER("integer"), BOOLEAN("boolean");

    final String json;

    Type(String json) {
      this.json = json;
    }
  }

  record Param(String name, Type type, String description, boolean required) {}

  private final Map<String, Param> params = new LinkedHashMap<>();

  ToolParams required(String name, Type type, String description) {
    params.put(name, new Param(name, type, description, true));
    return this;
  }

  ToolParams optional(String name, Type type, String description) {
    params.put(name, new Param(name, type, description, false));
    return this;
  }

  /** The JSON Schema of an arguments object. */
  ObjectNode schema() {
    ObjectNode schema = RexdJson.mapper().createObjectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = RexdJson.mapper().createArrayNode();
    for (Param p : params.values()) {
      properties.putObject(p.name()).put("type", p.type().json).put("description", p.description());
      if (p.required()) {
        required.add(p.name());
      }
    }
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    schema.put("additionalProperties", false);
    return schema;
  }

  /** The arguments, checked; null stands for none. */
  ToolArgs check(@Nullable JsonNode args) {
    if (args == null || args.isNull() || args.isMissingNode()) {
      args = RexdJson.mapper().createObjectNode();
    }
    if (!args.isObject()) {
      throw new ToolArgumentException("arguments must be a JSON object, got " + describe(args));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = args.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Param p = params.get(e.getKey());
      if (p == null) {
        throw new ToolArgumentException("unknown argument '" + e.getKey() + "'; this tool takes: "
            + String.join(", ", params.keySet()));
      }
      if (!e.getValue().isNull()) {
        values.put(p.name(), convert(p, e.getValue()));
      }
    }
    List<String> missing = new ArrayList<>();
    params.values().stream().filter(p -> p.required() && !values.containsKey(p.name())).forEach(p -> missing.add(p.name()));
    if (!missing.isEmpty()) {
      throw new ToolArgumentException("missing required argument" + (missing.size() > 1 ? "s " : " ")
          + String.join(", ", missing.stream().map(m -> "'" + m + "'").toList()));
    }
    return new ToolArgs(values);
  }

  private static Object convert(Param p, JsonNode v) {
    switch (p.type()) {
      case STRING -> {
        if (v.isString()) {
          return v.asString();
        }
      }
      case INTEGER -> {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
          return v.asLong();
        }
        if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble())) {
          return (long) v.asDouble();
        }
        if (v.isString() && v.asString().strip().matches("-?\\d{1,18}")) {
          return Long.parseLong(v.asString().strip());
        }
      }
      case BOOLEAN -> {
        if (v.isBoolean()) {
          return v.asBoolean();
        }
        if (v.isString() && (v.asString().equals("true") || v.asString().equals("false"))) {
          return Boolean.parseBoolean(v.asString());
        }
      }
    }
    throw new ToolArgumentException("argument '" + p.name() + "' must be " + article(p.type()) + " " + p.type().json
        + ", got " + describe(v));
  }

  private static String article(Type t) {
    return t == Type.INTEGER ? "an" : "a";
  }

  private static String describe(JsonNode v) {
    String s = v.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
