package dev.rexd.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The hosts an agent runtime may route to, read from {@code ~/.config/rexd/targets.json} (see
 * {@link #defaultPath()}; the
 * format the OpenCode REXD plugin uses), so the model sees one toolset and the runtime picks the
 * host.
 *
 * <pre>{@code
 * // {"version": 1, "targets": {
 * //   "prod": {"transport": "ssh", "host": "app-1", "user": "deploy", "workspaceRoots": ["/srv/app"]},
 * //   "dev":  {"transport": "ws", "url": "ws://127.0.0.1:8080/ws", "token": "..."}}}
 * try (RexdClient rexd = RexdTargets.load().connect("prod");
 *      RexdSession s = rexd.openSession("agent")) {
 *   s.exec("systemctl", "status", "app").run();
 * }
 * }</pre>
 *
 * <p>Errors name the file and the field, e.g. {@code targets.prod.port must be an integer from 1 to
 * 65535}. A key this version does not know is an error naming the file, its line and the key
 * ({@code targets.json: line 4: unknown key "targets.prod.tokn"}), as in the server's TOML: a typo
 * must not silently drop a token or a root.
 */
public final class RexdTargets {
  private final @Nullable Path source;
  private final Map<String, RexdTarget> targets;

  private RexdTargets(@Nullable Path source, Map<String, RexdTarget> targets) {
    this.source = source;
    this.targets = targets;
  }

  /**
   * {@code $XDG_CONFIG_HOME/rexd/targets.json} when {@code XDG_CONFIG_HOME} is set to an absolute
   * path, else {@code $HOME/.config/rexd/targets.json} (the {@code user.home} property only when
   * {@code HOME} is not set).
   */
  public static Path defaultPath() {
    return defaultPath(System.getenv());
  }

  static Path defaultPath(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "rexd", "targets.json");
    }
    String home = env.get("HOME");
    return Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home, ".config", "rexd",
        "targets.json");
  }

  /** Reads {@link #defaultPath()}. */
  public static RexdTargets load() {
    return load(defaultPath());
  }

  /** Reads a targets file. */
  public static RexdTargets load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new RexdTargetsException(file, file + ": no such file; create it with "
          + "{\"version\": 1, \"targets\": {\"name\": {\"transport\": \"ssh\", \"host\": \"...\"}}}", e);
    } catch (IOException e) {
      throw new RexdTargetsException(file, file + ": cannot read: " + e.getMessage(), e);
    }
    return new RexdTargets(file, new TargetsParser(file).parse(text));
  }

  /** Parses targets from JSON text. */
  public static RexdTargets parse(String json) {
    return new RexdTargets(null, new TargetsParser(null).parse(json));
  }

  /** Every target by alias, in file order. */
  public Map<String, RexdTarget> targets() {
    return targets;
  }

  /** The aliases, in file order. */
  public Set<String> aliases() {
    return targets.keySet();
  }

  /** The target with this alias. */
  public RexdTarget get(String alias) {
    RexdTarget t = targets.get(alias);
    if (t == null) {
      throw new RexdTargetsException(source, (source == null ? "" : source + ": ") + "no target named '" + alias
          + "'; known targets: " + (targets.isEmpty() ? "none" : String.join(", ", targets.keySet())), null);
    }
    return t;
  }

  /** Connects to the target with this alias, with its session defaults. */
  public RexdClient connect(String alias) {
    return get(alias).connect();
  }

  /** The file the targets came from, if any. */
  public @Nullable Path source() {
    return source;
  }

  @Override
  public String toString() {
    return "RexdTargets" + targets.values();
  }
}
