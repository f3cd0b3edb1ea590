package dev.rexd.core.config;

import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import dev.rexd.core.approval.ApprovalPolicy;
import dev.rexd.core.audit.AuditSink;
import dev.rexd.core.sandbox.SandboxSettings;
import dev.rexd.core.recording.CastFormat;
import dev.rexd.core.recording.RecordingConfig;
import dev.rexd.core.transcript.TranscriptConfig;

import dev.rexd.core.auth.Authenticator;
import dev.rexd.core.auth.JwtAuthenticator;
import dev.rexd.core.auth.PublicKeys;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * A {@code rexd.toml} file: the Go server's layout ({@code [server]}, {@code [limits]},
 * {@code [security]} with {@code [[security.allowed_roots]]}, {@code [audit]}) plus our keys.
 * Unknown keys are an error naming the key, so a typo never silently widens access.
 *
 * <pre>{@code
 * RexdConfig config = RexdConfig.load(Path.of("/etc/rexd/rexd.toml"));
 * RexdServer server = config.applyTo(RexdServer.builder()).build();
 * }</pre>
 */
public record RexdConfig(
    @Nullable ServerSection server,
    @Nullable LimitsSection limits,
    @Nullable SecuritySection security,
    @Nullable AuditSection audit,
    @Nullable SandboxSection sandbox,
    @Nullable RecordingSection recording,
    @Nullable TranscriptSection transcript,
    @Nullable AuthSection auth,
    @Nullable ApprovalSection approval,
    @Nullable ConsoleSection console,
    @Nullable HubSection hub) {

  /** The environment variable that overrides {@code server.auth_token}. */
  public static final String TOKEN_ENV = "REXD_AUTH_TOKEN";

  /** Built only when a file is read: a server started without one never loads the TOML parser. */
  private static final class Toml {
    static final TomlMapper MAPPER = TomlMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  /** {@code [server]}. */
  public record ServerSection(
      @Nullable Boolean stdio,
      @Nullable String httpListen,
      @Nullable String httpPath,
      @Nullable String wsPath,
      @Nullable String logLevel,
      @Nullable String authToken,
      @Nullable List<String> allowedOrigins,
      @Nullable Long sessionIdleTimeoutMs,
      @Nullable String stateDir,
      @Nullable TlsSection tls) {}

  /** {@code [server.tls]} [ext]: a PKCS12 keystore, optionally requiring client certificates. */
  public record TlsSection(
      @Nullable String keystore,
      @Nullable String keystorePassword,
      @Nullable String truststore,
      @Nullable String truststorePassword,
      @Nullable Boolean requireClientCert) {}

  /** {@code [limits]}; absent keys keep their defaults. */
  public record LimitsSection(
      @Nullable Long defaultTimeoutMs,
      @Nullable Long hardTimeoutMs,
      @Nullable Long maxOutputBytes,
      @Nullable Long maxFileReadBytes,
      @Nullable Integer maxProcessesPerSession,
      @Nullable Integer maxConcurrentSessions,
      @Nullable Integer maxMessageBytes,
      @Nullable Long replayBytes,
      @Nullable Integer maxRetainedProcesses,
      @Nullable Long maxRetainedBytes,
      @Nullable Long exitLingerMs) {}

  /** {@code [security]}. */
  public record SecuritySection(
      @Nullable Boolean allowShell,
      @Nullable List<RootEntry> allowedRoots,
      @Nullable List<String> allowedCommands,
      @Nullable List<String> deniedCommands,
      @Nullable Boolean allowHardlinkedWrites,
      @Nullable Boolean allowDetach) {}

  /** One {@code [[security.allowed_roots]]} table. */
  public record RootEntry(@Nullable String path) {}

  /** {@code [audit]}. */
  public record AuditSection(@Nullable Boolean enabled, @Nullable String path) {}

  /**
   * {@code [sandbox]} [ext]: {@code mode = "none" | "bwrap"}, network, limits, extra binds and the
   * cgroup v2 directory sandboxes' cgroups are made in.
   */
  public record SandboxSection(
      @Nullable String mode,
      @Nullable Boolean network,
      @Nullable Long maxMemoryMb,
      @Nullable Long maxProcesses,
      @Nullable Long maxCpuSeconds,
      @Nullable Long maxFileMb,
      @Nullable List<String> roBinds,
      @Nullable List<String> rwBinds,
      @Nullable String cgroupParent) {}

  /** {@code [recording]} [ext]: asciicast recordings of sessions and terminals. */
  public record RecordingSection(
      @Nullable Boolean enabled,
      @Nullable String dir,
      @Nullable Long maxTotalBytes,
      @Nullable Integer maxAgeDays,
      @Nullable Boolean recordInput,
      @Nullable String format) {}

  /** {@code [transcript]} [ext]: one JSON line per ended process. */
  public record TranscriptSection(
      @Nullable Boolean enabled,
      @Nullable String path,
      @Nullable Integer maxOutputBytes,
      @Nullable Long maxFileBytes) {}

  /** {@code [auth]} [ext]: named tokens with roles, and bearer JWTs (protocol section 9.3). */
  public record AuthSection(@Nullable List<TokenEntry> tokens, @Nullable JwtSection jwt) {}

  /** One {@code [[auth.tokens]]} table: the token's SHA-256 hex, never the token. */
  public record TokenEntry(@Nullable String name, @Nullable String tokenSha256, @Nullable String role) {}

  /**
   * {@code [auth.jwt]}: one key source ({@code hs256_secret}, {@code public_key_pem} as PEM text or
   * a file holding it, or {@code jwks_file}).
   */
  public record JwtSection(
      @Nullable String issuer,
      @Nullable String audience,
      @Nullable String hs256Secret,
      @Nullable String publicKeyPem,
      @Nullable String jwksFile,
      @Nullable String roleClaim) {}

  /** {@code [approval]} [ext] (protocol section 9.4). */
  public record ApprovalSection(@Nullable String mode, @Nullable List<String> require, @Nullable Long timeoutMs) {}

  /** {@code [console]} [ext]: whether {@code rexd --http} serves the operator console. */
  public record ConsoleSection(@Nullable Boolean enabled) {}

  /**
   * {@code [hub]} [ext] (protocol section 9.8). A host that dials out reads {@code url},
   * {@code name}, {@code token} (or {@code REXD_HUB_TOKEN}), {@code pin_sha256}, {@code insecure},
   * {@code role} (the most a caller relayed by the hub may do here, default {@code agent}) and
   * {@code labels}; a hub reads {@code [[hub.hosts]]}.
   */
  public record HubSection(
      @Nullable String url,
      @Nullable String name,
      @Nullable String token,
      @Nullable String pinSha256,
      @Nullable Boolean insecure,
      @Nullable String role,
      @Nullable Map<String, String> labels,
      @Nullable List<HubHostEntry> hosts) {}

  /** One {@code [[hub.hosts]]} table: a host the hub accepts, by name and the SHA-256 hex of its token. */
  public record HubHostEntry(@Nullable String name, @Nullable String tokenSha256) {}

  /** The configuration used when no file is given: every default, the current directory as root. */
  public static RexdConfig defaults() {
    return new RexdConfig(null, null, null, null, null, null, null, null, null, null, null);
  }

  /** Reads and validates a file; every problem is a {@link ConfigException} naming the file. */
  public static RexdConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  /** Parses TOML text; {@code origin} names it in errors. */
  public static RexdConfig parse(String text, String origin) {
    RexdConfig config;
    try {
      config = Toml.MAPPER.readValue(text, RexdConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(origin + ": unknown key '" + keyPath(e) + "'");
    } catch (JacksonException e) {
      throw new ConfigException(origin + ": " + e.getOriginalMessage());
    }
    if (config == null) {
      return defaults();
    }
    config.limitsOrDefaults();
    config.approvalPolicy();
    config.credentials(Map.of());
    return config;
  }

  private static String keyPath(UnrecognizedPropertyException e) {
    StringBuilder sb = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getPropertyName());
      }
    }
    return sb.length() == 0 ? String.valueOf(e.getPropertyName()) : sb.toString();
  }

  /** The effective limits: the file's values over the defaults. */
  public Limits limitsOrDefaults() {
    Limits l = Limits.defaults();
    LimitsSection s = limits;
    if (s == null) {
      return l;
    }
    try {
      if (s.hardTimeoutMs() != null) {
        l = l.withHardTimeoutMs(s.hardTimeoutMs());
      }
      if (s.defaultTimeoutMs() != null) {
        l = l.withDefaultTimeoutMs(s.defaultTimeoutMs());
      }
      if (s.maxOutputBytes() != null) {
        l = l.withMaxOutputBytes(s.maxOutputBytes());
      }
      if (s.maxFileReadBytes() != null) {
        l = l.withMaxFileReadBytes(s.maxFileReadBytes());
      }
      if (s.maxProcessesPerSession() != null) {
        l = l.withMaxProcessesPerSession(s.maxProcessesPerSession());
      }
      if (s.maxConcurrentSessions() != null) {
        l = l.withMaxConcurrentSessions(s.maxConcurrentSessions());
      }
      if (s.maxMessageBytes() != null) {
        l = l.withMaxMessageBytes(s.maxMessageBytes());
      }
      if (s.replayBytes() != null) {
        l = l.withReplayBytes(s.replayBytes());
      }
      if (s.maxRetainedProcesses() != null) {
        l = l.withMaxRetainedProcesses(s.maxRetainedProcesses());
      }
      if (s.maxRetainedBytes() != null) {
        l = l.withMaxRetainedBytes(s.maxRetainedBytes());
      }
      if (s.exitLingerMs() != null) {
        l = l.withExitLingerMs(s.exitLingerMs());
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException("[limits] " + e.getMessage());
    }
    return l;
  }

  /** The configured roots, made absolute against the current directory; empty when none. */
  public List<Path> allowedRoots() {
    if (security == null || security.allowedRoots() == null) {
      return List.of();
    }
    return security.allowedRoots().stream()
        .map(RootEntry::path)
        .filter(Objects::nonNull)
        .filter(p -> !p.isBlank())
        .map(p -> Path.of(p).toAbsolutePath().normalize())
        .toList();
  }

  /** The bearer token: {@code REXD_AUTH_TOKEN} when set, else {@code server.auth_token}; null if neither. */
  public @Nullable String authToken(Map<String, String> environment) {
    String env = environment.get(TOKEN_ENV);
    if (env != null && !env.isEmpty()) {
      return env;
    }
    String t = server == null ? null : server.authToken();
    return t == null || t.isEmpty() ? null : t;
  }

  /**
   * Who may call over HTTP/WS: the {@code [[auth.tokens]]}, the legacy token ({@code auth_token} or
   * {@code REXD_AUTH_TOKEN}, role operator, principal {@code token}) and {@code [auth.jwt]};
   * {@link Authenticator#NONE} when none is configured.
   */
  public Authenticator authenticator(Map<String, String> environment) {
    List<Authenticator> all = credentials(environment);
    return all.isEmpty() ? Authenticator.NONE : Authenticator.anyOf(all);
  }

  /** Whether any token or JWT key is configured (then the console is on unless disabled). */
  public boolean hasCredentials(Map<String, String> environment) {
    return !credentials(environment).isEmpty();
  }

  /** Whether {@code rexd --http} serves the console: {@code [console] enabled}, else when credentials exist. */
  public boolean consoleEnabled(Map<String, String> environment) {
    Boolean enabled = console == null ? null : console.enabled();
    return enabled != null ? enabled : hasCredentials(environment);
  }

  private List<Authenticator> credentials(Map<String, String> environment) {
    List<Authenticator> all = new ArrayList<>();
    TokenTable.Builder tokens = TokenTable.builder();
    String legacy = authToken(environment);
    if (legacy != null) {
      tokens.addClear(LEGACY_PRINCIPAL, legacy, Role.OPERATOR);
    }
    List<TokenEntry> entries = auth == null || auth.tokens() == null ? List.of() : auth.tokens();
    for (int i = 0; i < entries.size(); i++) {
      TokenEntry t = entries.get(i);
      String where = "[[auth.tokens]] #" + (i + 1);
      try {
        tokens.add(required(t.name(), where, "name"), required(t.tokenSha256(), where, "token_sha256"),
            Role.parse(required(t.role(), where, "role")));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + ": " + e.getMessage());
      }
    }
    TokenTable table = tokens.build();
    if (!table.isEmpty()) {
      all.add(table);
    }
    if (auth != null && auth.jwt() != null) {
      all.add(jwt(auth.jwt(), auth.jwt().roleClaim()));
    }
    return all;
  }

  /** The principal name of the legacy {@code auth_token}. */
  public static final String LEGACY_PRINCIPAL = "token";

  /**
   * The {@code [auth.jwt]} keys, issuer and audience checking a {@code host} claim instead of the
   * role claim: how a hub accepts hosts that present a JWT; null without {@code [auth.jwt]}.
   */
  public @Nullable JwtAuthenticator hostJwt() {
    return auth == null || auth.jwt() == null ? null : jwt(auth.jwt(), HOST_CLAIM);
  }

  /** The JWT claim that names a host to a hub. */
  public static final String HOST_CLAIM = "host";

  private static JwtAuthenticator jwt(JwtSection j, @Nullable String claim) {
    int sources = (j.hs256Secret() == null ? 0 : 1) + (j.publicKeyPem() == null ? 0 : 1) + (j.jwksFile() == null ? 0 : 1);
    if (sources != 1) {
      throw new ConfigException("[auth.jwt] needs exactly one of hs256_secret, public_key_pem, jwks_file");
    }
    try {
      JwtAuthenticator.Builder b = JwtAuthenticator.builder().issuer(j.issuer()).audience(j.audience());
      if (claim != null) {
        b.roleClaim(claim);
      }
      if (j.hs256Secret() != null) {
        b.hs256Secret(j.hs256Secret());
      } else if (j.publicKeyPem() != null) {
        String pem = j.publicKeyPem().contains("-----BEGIN") ? j.publicKeyPem() : read(j.publicKeyPem(), "public_key_pem");
        b.publicKey(PublicKeys.fromPem(pem));
      } else {
        b.jwks(read(Objects.requireNonNull(j.jwksFile()), "jwks_file"));
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("[auth.jwt] " + e.getMessage());
    }
  }

  private static String read(String file, String key) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new ConfigException("[auth.jwt] " + key + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String required(@Nullable String value, String where, String key) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(where + ": missing " + key);
    }
    return value;
  }

  /** {@code [approval]}: which starts wait for a person (default off). */
  public ApprovalPolicy approvalPolicy() {
    if (approval == null) {
      return ApprovalPolicy.off();
    }
    try {
      ApprovalPolicy.Mode mode = approval.mode() == null ? ApprovalPolicy.Mode.OFF
          : ApprovalPolicy.Mode.parse(approval.mode());
      Duration timeout = approval.timeoutMs() == null ? ApprovalPolicy.DEFAULT_TIMEOUT
          : Duration.ofMillis(approval.timeoutMs());
      return new ApprovalPolicy(mode, approval.require() == null ? List.of() : approval.require(), timeout);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("[approval] " + e.getMessage());
    }
  }

  /** The audit sink the file asks for: a JSON-lines file when {@code [audit] enabled}, else none. */
  public AuditSink auditSink() {
    if (audit == null || !Boolean.TRUE.equals(audit.enabled())) {
      return AuditSink.none();
    }
    if (audit.path() == null || audit.path().isBlank()) {
      throw new ConfigException("[audit] enabled = true needs a path");
    }
    return AuditSink.jsonLines(Path.of(audit.path()));
  }

  /**
   * The sandbox the file asks for ({@code [sandbox] mode = "bwrap"}), hiding the audit log from
   * it; null for {@code mode = "none"} or no {@code [sandbox]} section.
   */
  public @Nullable SandboxSettings sandboxSettings() {
    if (sandbox == null || sandbox.mode() == null || sandbox.mode().equals("none")) {
      return null;
    }
    if (!sandbox.mode().equals("bwrap")) {
      throw new ConfigException("[sandbox] mode must be \"none\" or \"bwrap\", got \"" + sandbox.mode() + "\"");
    }
    try {
      SandboxSettings s = SandboxSettings.defaults()
          .withNetwork(Boolean.TRUE.equals(sandbox.network()))
          .withMaxMemoryMb(orZero(sandbox.maxMemoryMb()))
          .withMaxProcesses(orZero(sandbox.maxProcesses()))
          .withMaxCpuSeconds(orZero(sandbox.maxCpuSeconds()))
          .withMaxFileMb(orZero(sandbox.maxFileMb()))
          .withBinds(paths(sandbox.roBinds()), paths(sandbox.rwBinds()))
          .withCgroupParent(sandbox.cgroupParent() == null || sandbox.cgroupParent().isBlank() ? null
              : Path.of(sandbox.cgroupParent()));
      return s.hiding(auditLog());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("[" + e.getMessage().replaceFirst("^sandbox ", "sandbox] "));
    }
  }

  /**
   * The audit log, which no sandboxed process may see (the server hides its state directory,
   * recordings and transcript itself).
   */
  private List<Path> auditLog() {
    if (audit != null && audit.path() != null && !audit.path().isBlank()) {
      return List.of(Path.of(audit.path()));
    }
    return List.of();
  }

  private static long orZero(@Nullable Long v) {
    return v == null ? 0 : v;
  }

  private static List<Path> paths(@Nullable List<String> list) {
    return list == null ? List.of() : list.stream().map(Path::of).toList();
  }

  /** The recording set-up the file asks for, or null when {@code [recording] enabled} is not true. */
  public @Nullable RecordingConfig recordingConfig() {
    RecordingSection r = recording;
    if (r == null || !Boolean.TRUE.equals(r.enabled())) {
      return null;
    }
    if (r.dir() == null || r.dir().isBlank()) {
      throw new ConfigException("[recording] enabled = true needs a dir");
    }
    try {
      RecordingConfig c = RecordingConfig.in(Path.of(r.dir()));
      if (r.maxTotalBytes() != null) {
        c = c.withMaxTotalBytes(r.maxTotalBytes());
      }
      if (r.maxAgeDays() != null) {
        c = c.withMaxAgeDays(r.maxAgeDays());
      }
      if (r.recordInput() != null) {
        c = c.withRecordInput(r.recordInput());
      }
      if (r.format() != null) {
        c = c.withFormat(CastFormat.parse(r.format()));
      }
      return c;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage().startsWith("[") ? e.getMessage() : "[recording] " + e.getMessage());
    }
  }

  /** The transcript set-up the file asks for, or null when {@code [transcript] enabled} is not true. */
  public @Nullable TranscriptConfig transcriptConfig() {
    TranscriptSection t = transcript;
    if (t == null || !Boolean.TRUE.equals(t.enabled())) {
      return null;
    }
    if (t.path() == null || t.path().isBlank()) {
      throw new ConfigException("[transcript] enabled = true needs a path");
    }
    try {
      TranscriptConfig c = TranscriptConfig.at(Path.of(t.path()));
      if (t.maxOutputBytes() != null) {
        c = c.withMaxOutputBytes(t.maxOutputBytes());
      }
      if (t.maxFileBytes() != null) {
        c = c.withMaxFileBytes(t.maxFileBytes());
      }
      return c;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** Applies roots, limits, shell and command policy, audit, recording, transcript and the sandbox to a server builder. */
  public RexdServer.Builder applyTo(RexdServer.Builder builder) {
    builder.limits(limitsOrDefaults()).audit(auditSink()).allowedRoots(allowedRoots()).approvals(approvalPolicy());
    RecordingConfig rec = recordingConfig();
    if (rec != null) {
      builder.recording(rec);
    }
    TranscriptConfig transcriptConfig = transcriptConfig();
    if (transcriptConfig != null) {
      builder.transcript(transcriptConfig);
    }
    SandboxSettings sandboxed = sandboxSettings();
    if (sandboxed != null) {
      builder.sandbox(sandboxed);
    }
    if (server != null && server.sessionIdleTimeoutMs() != null) {
      if (server.sessionIdleTimeoutMs() < 0) {
        throw new ConfigException("[server] session_idle_timeout_ms must not be negative");
      }
      builder.sessionIdleTimeout(java.time.Duration.ofMillis(server.sessionIdleTimeoutMs()));
    }
    if (server != null && server.stateDir() != null && !server.stateDir().isBlank()) {
      builder.stateDir(Path.of(server.stateDir()).toAbsolutePath().normalize());
    }
    if (security != null) {
      if (security.allowShell() != null) {
        builder.allowShell(security.allowShell());
      }
      if (security.allowedCommands() != null) {
        builder.allowedCommands(security.allowedCommands());
      }
      if (security.deniedCommands() != null) {
        builder.deniedCommands(security.deniedCommands());
      }
      if (security.allowHardlinkedWrites() != null) {
        builder.allowHardlinkedWrites(security.allowHardlinkedWrites());
      }
      if (security.allowDetach() != null) {
        builder.allowDetach(security.allowDetach());
      }
    }
    return builder;
  }
}
