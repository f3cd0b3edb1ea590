package dev.rexd.hub.server;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdException;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcNotification;
import dev.rexd.api.rpc.JsonRpcResponse;
import dev.rexd.api.transport.Transport;
import dev.rexd.core.auth.Principal;
import dev.rexd.hub.wire.AttachParams;
import dev.rexd.hub.wire.HostsResult;
import dev.rexd.hub.wire.HubProtocol;
import dev.rexd.transport.http.server.TransportUpgrader;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One client socket of the hub's {@code /ws}: answers {@code hub.hosts}, {@code hub.watch}
 * and {@code hub.unwatch} itself and relays every other frame, unchanged, over this client's own data
 * connection to the host it concerns: the {@code host} the call names (as {@code session.open} and,
 * for calls that name no session the hub knows, e.g. {@code server.sessions {host}}, any call
 * may), the host of the session a call names, or the one host this client uses. When a host's connection drops, the client's socket is closed with
 * {@code 1001}, so the client reconnects, names its sessions again (the hub finds their host) and
 * fetches what it missed with {@code exec.output}.
 *
 * <pre>{@code
 * ClientRelay relay = new ClientRelay(socket, caller, registry, directory, timing);
 * socket.start(relay);
 * }</pre>
 */
final class ClientRelay implements Transport.Listener {
  private static final System.Logger LOG = System.getLogger(ClientRelay.class.getName());

  private final Transport client;
  private final Principal caller;
  private final HostRegistry registry;
  private final SessionDirectory directory;
  private final HubTiming timing;
  private final Executor events;
  private final Map<String, Channel> byHost = new ConcurrentHashMap<>();
  private final Map<String, Channel> bySession = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();
  private volatile boolean closed;
  private @Nullable HostWatch watch;

  /** @param events where host events for {@code hub.watch} are written to the client from */
  ClientRelay(Transport client, Principal caller, HostRegistry registry, SessionDirectory directory, HubTiming timing,
      Executor events) {
    this.client = client;
    this.caller = caller;
    this.registry = registry;
    this.directory = directory;
    this.timing = timing;
    this.events = events;
  }

  @Override
  public void onFrame(String json) {
    JsonNode node;
    try {
      node = JsonRpcCodec.parse(json);
    } catch (RexdException e) {
      reply(null, e);
      return;
    }
    try {
      Channel target = route(node);
      if (target != null) {
        target.send(json);
      }
    } catch (RexdException e) {
      JsonNode id = node.get("id");
      if (id != null) {
        reply(id, e);
      } else if (node.isArray()) {
        reply(null, e);
      }
    }
  }

  /** The channel a message goes to, or null when the hub answered it itself. */
  private @Nullable Channel route(JsonNode node) {
    if (!node.isArray()) {
      return routeOne(node, true);
    }
    if (node.isEmpty()) {
      throw RexdException.of(ErrorCode.INVALID_REQUEST, "invalid_request", "an empty batch");
    }
    Channel only = null;
    for (JsonNode member : node) {
      Channel c = routeOne(member, false);
      if (c == null || only != null && c != only) {
        throw RexdException.of(ErrorCode.INVALID_REQUEST, "batch_spans_hosts",
            "a batch through the hub must concern one host and hold no hub.* call");
      }
      only = c;
    }
    return only;
  }

  private @Nullable Channel routeOne(JsonNode message, boolean single) {
    String method = text(message.get("method"));
    if (method == null) {
      throw RexdException.of(ErrorCode.INVALID_REQUEST, "invalid_request", "a message needs a method");
    }
    JsonNode params = message.path("params");
    JsonNode id = message.get("id");
    if (method.startsWith("hub.")) {
      if (single) {
        answerHub(method, id);
      }
      return null;
    }
    String named = text(params.get(HubProtocol.HOST_PARAM));
    if (named != null && !"session.open".equals(method)) {
      return channel(named);
    }
    if ("session.open".equals(method)) {
      String host = text(params.get("host"));
      if (host == null) {
        throw RexdException.invalidParams("host_required",
            "name the host to open the session on: session.open {..., host: NAME} (hub.hosts lists them)");
      }
      Channel c = channel(host);
      if (id != null) {
        c.expectOpen(id);
      }
      return c;
    }
    String sessionId = text(params.get("session_id"));
    if (sessionId != null) {
      Channel c = bySession.get(sessionId);
      if (c != null) {
        return c;
      }
      String host = directory.hostOf(sessionId);
      if (host == null) {
        throw RexdException.sessionNotFound(sessionId);
      }
      c = channel(host);
      bySession.put(sessionId, c);
      return c;
    }
    if (byHost.size() == 1) {
      return byHost.values().iterator().next();
    }
    throw RexdException.invalidParams("host_required", method + " names no session, and this connection uses "
        + (byHost.isEmpty() ? "no host yet" : "several hosts") + ": open a session on a host first");
  }

  /** Answers a {@code hub.*} call: {@code hub.hosts}, {@code hub.watch}, {@code hub.unwatch}. */
  private void answerHub(String method, @Nullable JsonNode id) {
    JsonNode result;
    switch (method) {
      case HubProtocol.HOSTS -> result = RexdJson.mapper().valueToTree(new HostsResult(registry.entries()));
      case HubProtocol.WATCH -> {
        if (id != null) {
          toClient(JsonRpcCodec.encode(JsonRpcResponse.success(id, ok())));
        }
        watch(true);
        return;
      }
      case HubProtocol.UNWATCH -> {
        watch(false);
        result = ok();
      }
      default -> throw RexdException.of(ErrorCode.METHOD_NOT_FOUND, "method_not_found",
          "the hub has no method " + method + " (hub.hosts, hub.watch, hub.unwatch)");
    }
    if (id != null) {
      toClient(JsonRpcCodec.encode(JsonRpcResponse.success(id, result)));
    }
  }

  /** Starts (again, after a slow drop) or stops this client's host events. */
  private synchronized void watch(boolean on) {
    HostWatch old = watch;
    if (old != null) {
      old.stop();
    }
    watch = null;
    if (on && !closed) {
      HostWatch w = new HostWatch(registry, this::toClient, events);
      registry.addListener(w);
      watch = w;
    }
  }

  private static JsonNode ok() {
    return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("ok", true);
  }

  /** This client's data connection to {@code host}, opened (and attached) on first use. */
  private Channel channel(String host) {
    Channel existing = byHost.get(host);
    if (existing != null) {
      return existing;
    }
    if (!HubProtocol.isHostName(host)) {
      throw RexdException.invalidParams("invalid_host_name", "invalid host name '" + host + "'");
    }
    HostLink link;
    Transport data;
    String channelId = "ch_" + UUID.randomUUID().toString().replace("-", "");
    try {
      link = registry.await(host, timing.hostWait());
      if (link == null) {
        throw RexdException.invalidParams("host_not_connected", "host " + host + " is not connected to this hub")
            .with("host", host);
      }
      data = link.openChannel(channelId, timing.channelTimeout()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RexdException.of(ErrorCode.TIMEOUT, "interrupted", "interrupted while connecting to host " + host);
    } catch (ExecutionException e) {
      throw RexdException.of(ErrorCode.TIMEOUT, "channel_failed", "host " + host
          + " did not open a data connection in time: " + e.getCause());
    }
    Channel c = new Channel(host, data, this);
    data.start(c);
    c.send(JsonRpcCodec.encode(new JsonRpcNotification(HubProtocol.ATTACH, RexdJson.mapper().valueToTree(
        new AttachParams(channelId, caller.name(), caller.role().wireName())))));
    byHost.put(host, c);
    if (closed) {
      c.close();
    }
    return c;
  }

  /** The host's answer to a {@code session.open} named a new session. */
  void sessionOpened(String sessionId, Channel channel) {
    bySession.put(sessionId, channel);
    directory.put(sessionId, channel.host());
  }

  /** Writes one frame to the client and returns once its socket took it (or failed). */
  void toClient(String frame) {
    synchronized (writeLock) {
      try {
        client.send(frame).join();
      } catch (CompletionException e) {
        LOG.log(System.Logger.Level.DEBUG, "client socket failed: " + e.getCause());
      }
    }
  }

  private void reply(@Nullable JsonNode id, RexdException e) {
    toClient(JsonRpcCodec.encode(JsonRpcResponse.failure(id, e)));
  }

  /** A host's data connection ended: the client is sent away to reconnect and reattach. */
  void channelLost(Channel channel) {
    byHost.remove(channel.host(), channel);
    bySession.values().removeIf(c -> c == channel);
    if (!closed) {
      TransportUpgrader.goAway(client, "host " + channel.host() + " disconnected; reconnect to reattach");
    }
  }

  @Override
  public void onClosed(@Nullable Throwable cause) {
    closed = true;
    watch(false);
    byHost.values().forEach(Channel::close);
  }

  private static @Nullable String text(@Nullable JsonNode node) {
    return node != null && node.isString() ? node.asString() : null;
  }
}
