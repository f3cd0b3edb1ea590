package dev.rexd.client;

import dev.rexd.api.transport.Transport;
import dev.rexd.client.spi.RemoteTransportFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code targets.json}: how to reach a host (ssh to a stdio server, a local command
 * that speaks stdio, an HTTP / WebSocket URL, or a hub that relays to a host that dialed out to
 * it) and the session defaults to use there.
 *
 * @param alias the name the entry has in the file
 * @param transport how to reach the server
 * @param host the ssh host; for a hub target, the name the host registered with the hub
 * @param user the ssh user
 * @param port the ssh port
 * @param identityFile the ssh key ({@code -i})
 * @param command for ssh the remote command (default {@code rexd --stdio}); for stdio the local
 *     command line, run by {@code /bin/sh -c} (an argv array in the file is quoted into one)
 * @param sshOptions extra ssh arguments, before the host
 * @param url the server's URL for http / ws, the hub's {@code /ws} URL for hub
 * @param token the bearer token for http / ws / hub
 * @param headers extra headers for http / ws / hub
 * @param workspaceRoots the roots sessions request
 * @param defaultCwd where commands run and relative paths resolve
 * @param loginShell whether shell commands run through {@code sh -lc}
 *
 * <pre>{@code
 * RexdTarget prod = RexdTargets.load().get("prod");
 * try (RexdClient rexd = prod.connect(); RexdSession s = rexd.openSession("agent")) { ... }
 * }</pre>
 */
public record RexdTarget(
    String alias,
    Via transport,
    @Nullable String host,
    @Nullable String user,
    @Nullable Integer port,
    @Nullable String identityFile,
    @Nullable String command,
    List<String> sshOptions,
    @Nullable URI url,
    @Nullable String token,
    Map<String, String> headers,
    List<String> workspaceRoots,
    @Nullable String defaultCwd,
    boolean loginShell) {

  /** How long connecting to an http / ws target may take. */
  static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(10);

  /** The remote command an ssh target runs unless it names another. */
  public static final String DEFAULT_COMMAND = "rexd --stdio";

  /**
   * How a target is reached.
   *
   * <pre>{@code
   * if (target.transport() == RexdTarget.Via.SSH) { ... }
   * }</pre>
   */
  public enum Via {
    /** {@code ssh [user@]host rexd --stdio}: a stdio server on another host. */
    SSH,
    /** JSON-RPC over HTTP POST: no events, so exec output is polled and terminals are refused. */
    HTTP,
    /** JSON-RPC over a WebSocket. */
    WS,
    /**
     * JSON-RPC over a WebSocket to a hub, which relays it to the host named by {@code host}
     * (sessions are opened with {@code session.open {host}}).
     */
    HUB,
    /**
     * A local command that speaks stdio: {@code rexd --stdio} on this host, {@code kubectl exec -i
     * pod -- rexd --stdio}, any command line.
     */
    STDIO;

    /** The name used in {@code targets.json}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RexdTarget {
    sshOptions = List.copyOf(sshOptions);
    headers = Map.copyOf(headers);
    workspaceRoots = List.copyOf(workspaceRoots);
  }

  /** {@code ssh [-p port] [-i identityFile] [sshOptions...] [user@]host command}, for an ssh target. */
  public List<String> sshCommand() {
    if (transport != Via.SSH || host == null) {
      throw new IllegalStateException("target " + alias + " is not an ssh target");
    }
    List<String> argv = new ArrayList<>();
    argv.add("ssh");
    if (port != null) {
      argv.add("-p");
      argv.add(Integer.toString(port));
    }
    if (identityFile != null) {
      argv.add("-i");
      argv.add(identityFile);
    }
    argv.addAll(sshOptions);
    argv.add(user == null ? host : user + "@" + host);
    argv.add(command == null ? DEFAULT_COMMAND : command);
    return argv;
  }

  /**
   * The command line the client of an ssh or stdio target starts: {@link #sshCommand()}, or
   * {@code /bin/sh -c command}.
   */
  public List<String> spawnCommand() {
    if (transport != Via.STDIO) {
      return sshCommand();
    }
    if (command == null) {
      throw new IllegalStateException("stdio target " + alias + " has no command");
    }
    return List.of("/bin/sh", "-c", command);
  }

  /**
   * A client builder set up for this target: its transport and its session defaults (roots, cwd,
   * login shell). The connection opens at {@code build()}; a {@code ws} or {@code hub} target
   * reconnects after a drop (see {@link RexdClient.Builder#connector}).
   *
   * @throws RexdTransportException for an http / ws target when no {@link RemoteTransportFactory}
   *     on the class path supports the URL's scheme (add {@code dev.rexd:rexd-transport-http})
   */
  public RexdClient.Builder clientBuilder() {
    RexdClient.Builder b = RexdClient.builder();
    if (transport == Via.SSH || transport == Via.STDIO) {
      b.spawn(spawnCommand());
    } else {
      URI u = java.util.Objects.requireNonNull(url, "url");
      RemoteTransportFactory factory = factoryFor(u);
      Supplier<Transport> open = () -> {
        try {
          Transport t = factory.open(u, token, headers, CONNECT_TIMEOUT);
          return transport == Via.HUB ? new HostRoutingTransport(t, java.util.Objects.requireNonNull(host, "host")) : t;
        } catch (NoClassDefFoundError e) {
          throw new RexdTransportException("cannot reach target " + alias + ": class " + e.getMessage()
              + " is missing from the class path", e);
        }
      };
      if (transport == Via.WS || transport == Via.HUB) {
        b.connector(open);
      } else {
        b.transportSource(open);
      }
    }
    return b.workspaceRoots(workspaceRoots).defaultCwd(defaultCwd).loginShell(loginShell);
  }

  /** Connects to this target with its session defaults. */
  public RexdClient connect() {
    return clientBuilder().build();
  }

  private RemoteTransportFactory factoryFor(URI u) {
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    try {
      for (RemoteTransportFactory f : ServiceLoader.load(RemoteTransportFactory.class,
          RexdTarget.class.getClassLoader())) {
        if (f.supports(scheme)) {
          return f;
        }
      }
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new RexdTransportException("cannot load the transport factories: " + e.getMessage(), e);
    }
    throw new RexdTransportException("target " + alias + " uses " + transport.wireName() + " (" + u
        + ") but no transport for '" + scheme + "' URLs is on the class path; add the dev.rexd:rexd-transport-http"
        + " dependency (with " + (transport == Via.HTTP ? "com.squareup.okhttp3:okhttp-jvm"
        : "org.glassfish.tyrus.bundles:tyrus-standalone-client") + ")", null);
  }

  @Override
  public String toString() {
    String where = transport == Via.SSH || transport == Via.STDIO ? String.join(" ", spawnCommand())
        : String.valueOf(url);
    return "RexdTarget[" + alias + ": " + transport.wireName() + " " + where + (token == null ? "" : ", token ***")
        + "]";
  }
}
