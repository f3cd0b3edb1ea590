package dev.rexd.hub.wire;

import java.util.regex.Pattern;

/**
 * The names a hub and its hosts agree on: paths, headers and control methods.
 *
 * <pre>{@code
 * URI data = HubProtocol.dataUri(URI.create("wss://hub.example.com/agents"));   // .../agents/data
 * HubProtocol.checkHostName("web-1");
 * }</pre>
 */
public final class HubProtocol {
  /** The control connection of a host. */
  public static final String AGENTS_PATH = "/agents";
  /** A data connection of a host, one per relayed client. */
  public static final String DATA_PATH = "/agents/data";
  /** Where clients connect. */
  public static final String CLIENT_PATH = "/ws";

  /** The header a host names itself with on both its connections. */
  public static final String HOST_HEADER = "Rexd-Host";
  /** The header a data connection names the channel it was opened for with. */
  public static final String CHANNEL_HEADER = "Rexd-Channel";
  /** The environment variable a host's token may come from. */
  public static final String TOKEN_ENV = "REXD_HUB_TOKEN";

  /** Host → hub, first on the control connection: who it is. */
  public static final String REGISTER = "hub.register";
  /** Hub → host on the control connection: open a data connection for this channel. */
  public static final String OPEN_CHANNEL = "hub.open_channel";
  /** Hub → host, first on a data connection: whom it relays. */
  public static final String ATTACH = "hub.attach";
  /** Hub → host on the control connection before closing it: another connection took the name. */
  public static final String REPLACED = "hub.replaced";
  /** Client → hub: the hosts connected now. */
  public static final String HOSTS = "hub.hosts";
  /** Client → hub: send this connection {@link #HOST_CONNECTED} and {@link #HOST_LEFT} from now on. */
  public static final String WATCH = "hub.watch";
  /** Client → hub: stop {@link #WATCH}. */
  public static final String UNWATCH = "hub.unwatch";
  /** Hub → watching client: a host registered; the params are its {@code hub.hosts} entry. */
  public static final String HOST_CONNECTED = "hub.host_connected";
  /** Hub → watching client: a host's control connection ended, {@code {name}}. */
  public static final String HOST_LEFT = "hub.host_left";
  /** Hub → watching client that fell behind: no more host events, {@code {reason: "slow"}}. */
  public static final String UNWATCHED = "hub.unwatched";
  /** The parameter that names the host a call is for, besides {@code session.open}'s. */
  public static final String HOST_PARAM = "host";

  private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private HubProtocol() {}

  /** Whether {@code name} is a valid host name: {@code [a-z0-9][a-z0-9-]{0,62}}. */
  public static boolean isHostName(String name) {
    return HOST_NAME.matcher(name).matches();
  }

  /**
   * Returns {@code name} when it is a valid host name.
   *
   * @throws IllegalArgumentException naming the rule
   */
  public static String checkHostName(String name) {
    if (!isHostName(name)) {
      throw new IllegalArgumentException("invalid host name '" + name
          + "': use 1 to 63 lower-case letters, digits and '-', not starting with '-'");
    }
    return name;
  }

  /** The data URL that belongs to a control URL: its path with {@code /data} appended. */
  public static java.net.URI dataUri(java.net.URI control) {
    String path = control.getPath() == null || control.getPath().isEmpty() ? AGENTS_PATH : control.getPath();
    String data = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + "/data";
    try {
      return new java.net.URI(control.getScheme(), control.getUserInfo(), control.getHost(), control.getPort(), data,
          null, null);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("cannot derive the data URL of " + control, e);
    }
  }
}
