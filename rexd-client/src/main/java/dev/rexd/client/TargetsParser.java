package dev.rexd.client;

import dev.rexd.api.json.RexdJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code targets.json} format and says exactly what is wrong with a bad file.
 *
 * <pre>{@code
 * Map<String, RexdTarget> targets = new TargetsParser(file).parse(text);
 * }</pre>
 */
final class TargetsParser {
  /** The keys of the file's top level ({@code $schema} for editors that validate it). */
  static final Set<String> TOP_KEYS = Set.of("$schema", "version", "targets");
  /** The keys of one target. */
  static final Set<String> TARGET_KEYS = Set.of("transport", "host", "user", "port", "identityFile", "command",
      "sshOptions", "url", "token", "headers", "workspaceRoots", "defaultCwd", "loginShell");

  private final @Nullable Path file;
  private Map<String, Integer> keyLines = Map.of();

  TargetsParser(@Nullable Path file) {
    this.file = file;
  }

  Map<String, RexdTarget> parse(String text) {
    JsonNode root;
    try {
      root = RexdJson.mapper().readTree(text);
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw error("is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw error("must hold a JSON object {\"version\": 1, \"targets\": {...}}", null);
    }
    keyLines = keyLines(text);
    onlyKnownKeys(root, "", "", TOP_KEYS);
    JsonNode version = root.get("version");
    if (version == null) {
      throw error("missing \"version\" (expected 1)", null);
    }
    if (!version.isIntegralNumber() || version.asInt() != 1) {
      throw error("unsupported version " + version + " (this client reads version 1)", null);
    }
    JsonNode targets = root.get("targets");
    if (targets == null || !targets.isObject()) {
      throw error("\"targets\" must be an object of targets by alias", null);
    }
    Map<String, RexdTarget> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : targets.properties()) {
      out.put(e.getKey(), target(e.getKey(), e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  private RexdTarget target(String alias, JsonNode t) {
    String at = "targets." + alias;
    if (alias.isBlank()) {
      throw error("a target alias must not be empty", null);
    }
    if (!t.isObject()) {
      throw error(at + " must be an object", null);
    }
    onlyKnownKeys(t, "/targets/" + escape(alias), at + ".", TARGET_KEYS);
    String kind = string(t, at, "transport");
    if (kind == null) {
      throw error(at + ".transport is missing; use \"ssh\", \"http\", \"ws\", \"hub\" or \"stdio\"", null);
    }
    RexdTarget.Via via;
    try {
      via = RexdTarget.Via.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw error(at + ".transport must be \"ssh\", \"http\", \"ws\", \"hub\" or \"stdio\", got \"" + kind
          + "\"", null);
    }
    String host = string(t, at, "host");
    if ((via == RexdTarget.Via.SSH || via == RexdTarget.Via.HUB) && (host == null || host.isBlank())) {
      throw error(at + ".host is required for " + via.wireName() + " targets"
          + (via == RexdTarget.Via.HUB ? " (the name the host registered with the hub)" : ""), null);
    }
    boolean spawned = via == RexdTarget.Via.SSH || via == RexdTarget.Via.STDIO;
    URI url = spawned ? null : url(t, at, via);
    String command = via == RexdTarget.Via.STDIO ? localCommand(t, at) : string(t, at, "command");
    if (command != null && command.isBlank()) {
      throw error(at + ".command must not be empty", null);
    }
    return new RexdTarget(alias, via, host, string(t, at, "user"), port(t, at), string(t, at, "identityFile"),
        command, strings(t, at, "sshOptions"), url, string(t, at, "token"), headers(t, at),
        strings(t, at, "workspaceRoots"), string(t, at, "defaultCwd"), bool(t, at, "loginShell"));
  }

  /** A stdio target's command: a command line for {@code sh -c}, or an argv array quoted into one. */
  private String localCommand(JsonNode t, String at) {
    JsonNode v = t.get("command");
    if (v == null || v.isNull()) {
      throw error(at + ".command is required for stdio targets, e.g. [\"rexd\", \"--stdio\"]", null);
    }
    if (v.isString()) {
      return v.asString();
    }
    if (!v.isArray()) {
      throw error(at + ".command must be a command line or an array of strings, got " + v, null);
    }
    List<String> argv = strings(t, at, "command");
    StringBuilder line = new StringBuilder();
    for (String arg : argv) {
      line.append(line.length() == 0 ? "" : " ").append(shellQuote(arg));
    }
    return line.toString();
  }

  /** {@code arg} as one word for {@code sh}: as it is when that is safe, else in single quotes. */
  private static String shellQuote(String arg) {
    if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_@%+=:,./-]+")) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  private URI url(JsonNode t, String at, RexdTarget.Via via) {
    String text = string(t, at, "url");
    if (text == null) {
      throw error(at + ".url is required for " + via.wireName() + " targets", null);
    }
    List<String> schemes = via == RexdTarget.Via.HTTP ? List.of("http", "https") : List.of("ws", "wss");
    try {
      URI u = new URI(text);
      if (u.getScheme() == null || !schemes.contains(u.getScheme().toLowerCase(Locale.ROOT)) || u.getHost() == null) {
        throw error(at + ".url must be a URL with a host and scheme " + String.join(" or ", schemes) + ", got \""
            + text + "\"", null);
      }
      return u;
    } catch (URISyntaxException e) {
      throw error(at + ".url is not a valid URL: " + e.getMessage(), e);
    }
  }

  private @Nullable Integer port(JsonNode t, String at) {
    JsonNode p = t.get("port");
    if (p == null || p.isNull()) {
      return null;
    }
    if (!p.isIntegralNumber() || p.asLong() < 1 || p.asLong() > 65535) {
      throw error(at + ".port must be an integer from 1 to 65535, got " + p, null);
    }
    return p.asInt();
  }

  private @Nullable String string(JsonNode t, String at, String key) {
    JsonNode v = t.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw error(at + "." + key + " must be a string, got " + v, null);
    }
    return v.asString();
  }

  private boolean bool(JsonNode t, String at, String key) {
    JsonNode v = t.get(key);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw error(at + "." + key + " must be true or false, got " + v, null);
    }
    return v.asBoolean();
  }

  private List<String> strings(JsonNode t, String at, String key) {
    JsonNode v = t.get(key);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw error(at + "." + key + " must be an array of strings, got " + v, null);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : v) {
      if (!item.isString()) {
        throw error(at + "." + key + " must be an array of strings, but holds " + item, null);
      }
      out.add(item.asString());
    }
    return out;
  }

  private Map<String, String> headers(JsonNode t, String at) {
    JsonNode v = t.get("headers");
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw error(at + ".headers must be an object of strings, got " + v, null);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> h : v.properties()) {
      if (!h.getValue().isString()) {
        throw error(at + ".headers." + h.getKey() + " must be a string, got " + h.getValue(), null);
      }
      out.put(h.getKey(), h.getValue().asString());
    }
    return out;
  }

  /** Refuses a key this version does not know (a typo such as {@code tokn} must not pass unseen). */
  private void onlyKnownKeys(JsonNode object, String pointer, String path, Set<String> known) {
    for (String key : object.propertyNames()) {
      if (!known.contains(key)) {
        Integer line = keyLines.get(pointer + "/" + escape(key));
        throw error((line == null ? "" : "line " + line + ": ") + "unknown key \"" + path + key + "\"; known keys: "
            + String.join(", ", new TreeSet<>(known)), null);
      }
    }
  }

  /** The line of every property name, by its JSON Pointer ({@code /targets/prod/tokn}). */
  private static Map<String, Integer> keyLines(String text) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = RexdJson.mapper().createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.PROPERTY_NAME) {
          lines.put(p.streamReadContext().pathAsPointer().toString(), p.currentTokenLocation().getLineNr());
        }
      }
    } catch (JacksonException e) {
      // the tree was read already, so this does not happen; without lines the errors still name the key
    }
    return lines;
  }

  /** One JSON Pointer segment for {@code name} (RFC 6901). */
  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private RexdTargetsException error(String message, @Nullable Throwable cause) {
    String where = file == null ? "targets" : file.toString();
    return new RexdTargetsException(file, where + ": " + message, cause);
  }
}
