package dev.rexd.spring.boot;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code rexd.*} settings: where the application's {@code RexdClient} connects, and the
 * embedded server.
 *
 * <pre>{@code
 * rexd.targets.local.transport=stdio
 * rexd.targets.local.command=rexd --stdio --config /etc/rexd/rexd.toml
 * rexd.server.enabled=true
 * rexd.server.roots=/srv/app
 * rexd.server.token=${REXD_AUTH_TOKEN}
 * }</pre>
 *
 * @param targets targets by alias, with the keys of a {@code targets.json} entry in kebab case
 * @param targetsFile a {@code targets.json} to read instead of {@code targets}
 * @param target the alias the {@code RexdClient} bean connects to; may be left out when there is one
 * @param server the embedded server
 */
@ConfigurationProperties(prefix = "rexd", ignoreUnknownFields = false)
public record RexdProperties(
    @DefaultValue Map<String, Target> targets,
    @Nullable Path targetsFile,
    @Nullable String target,
    @DefaultValue Server server) {

  /** Whether a target is configured, in properties or through a file. */
  boolean hasTargets() {
    return targetsFile != null || !targets.isEmpty();
  }

  /**
   * One target, as in {@code targets.json}.
   *
   * <pre>{@code
   * rexd.targets.ci.transport=ws
   * rexd.targets.ci.url=wss://ci.example.com:8443/ws
   * rexd.targets.ci.token=${CI_REXD_TOKEN}
   * }</pre>
   */
  public record Target(
      @Nullable String transport,
      @Nullable String host,
      @Nullable String user,
      @Nullable Integer port,
      @Nullable String identityFile,
      @Nullable String command,
      @Nullable List<String> sshOptions,
      @Nullable String url,
      @Nullable String token,
      @Nullable Map<String, String> headers,
      @Nullable List<String> workspaceRoots,
      @Nullable String defaultCwd,
      @Nullable Boolean loginShell) {

    /** The entry as {@code targets.json} spells it, absent keys left out. */
    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      put(json, "transport", transport);
      put(json, "host", host);
      put(json, "user", user);
      put(json, "port", port);
      put(json, "identityFile", identityFile);
      put(json, "command", command);
      put(json, "sshOptions", sshOptions);
      put(json, "url", url);
      put(json, "token", token);
      put(json, "headers", headers);
      put(json, "workspaceRoots", workspaceRoots);
      put(json, "defaultCwd", defaultCwd);
      put(json, "loginShell", loginShell);
      return json;
    }

    private static void put(Map<String, Object> json, String key, @Nullable Object value) {
      if (value != null) {
        json.put(key, value);
      }
    }

    @Override
    public String toString() {
      return "Target[transport=" + transport + ", host=" + host + ", url=" + url + ", token="
          + (token == null ? "none" : "(set)") + "]";
    }
  }

  /**
   * The embedded server, served at {@code path + "/rpc"}, {@code "/ws"} and {@code "/healthz"} on
   * the application's servlet container.
   *
   * <pre>{@code
   * rexd.server.enabled=true
   * rexd.server.roots=/srv/app
   * rexd.server.path=/rexd
   * }</pre>
   *
   * @param enabled whether to run one
   * @param roots the allowed roots (or use {@code config})
   * @param config a {@code rexd.toml} to configure it from instead of {@code roots}
   * @param path where its endpoints are mounted
   * @param token the bearer token every request must carry
   * @param allowedOrigins browser origins that may open a WebSocket besides the application's own
   * @param insecure serve non-loopback clients without a token (something else guards the port)
   */
  public record Server(
      @DefaultValue("false") boolean enabled,
      @DefaultValue List<Path> roots,
      @Nullable Path config,
      @DefaultValue("/rexd") String path,
      @Nullable String token,
      @DefaultValue List<String> allowedOrigins,
      @DefaultValue("false") boolean insecure) {

    @Override
    public String toString() {
      return "Server[enabled=" + enabled + ", roots=" + roots + ", config=" + config + ", path=" + path
          + ", token=" + (token == null ? "none" : "(set)") + "]";
    }
  }
}
