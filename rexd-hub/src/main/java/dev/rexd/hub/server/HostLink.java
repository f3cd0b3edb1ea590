package dev.rexd.hub.server;

import dev.rexd.api.RexdException;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcMessage;
import dev.rexd.api.rpc.JsonRpcNotification;
import dev.rexd.api.rpc.JsonRpcRequest;
import dev.rexd.api.rpc.JsonRpcResponse;
import dev.rexd.api.transport.Transport;
import dev.rexd.hub.wire.HostEntry;
import dev.rexd.hub.wire.HubProtocol;
import dev.rexd.hub.wire.OpenChannelParams;
import dev.rexd.hub.wire.RegisterParams;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The hub's side of one host's control connection: takes the host's {@code hub.register}, asks it
 * for data connections ({@code hub.open_channel}) and hands each arriving one to whoever asked.
 *
 * <pre>{@code
 * HostLink link = new HostLink("web-1", credentialHash, socket, registry);
 * socket.start(link);
 * Transport data = link.openChannel("ch_1", Duration.ofSeconds(10)).join();
 * }</pre>
 */
final class HostLink implements Transport.Listener {
  private static final System.Logger LOG = System.getLogger(HostLink.class.getName());

  private final String name;
  private final byte[] credential;
  private final Transport socket;
  private final HostRegistry registry;
  private final Map<String, CompletableFuture<Transport>> pending = new ConcurrentHashMap<>();
  private volatile @Nullable HostEntry entry;

  /** @param credential the SHA-256 of the token the host connected with */
  HostLink(String name, byte[] credential, Transport socket, HostRegistry registry) {
    this.name = name;
    this.credential = credential.clone();
    this.socket = socket;
    this.registry = registry;
  }

  String name() {
    return name;
  }

  /** Whether {@code other} connected with the same credential as this link. */
  boolean sameCredential(HostLink other) {
    return MessageDigest.isEqual(credential, other.credential);
  }

  /** What the host said about itself, once registered. */
  @Nullable HostEntry entry() {
    return entry;
  }

  @Override
  public void onFrame(String json) {
    JsonRpcMessage message;
    try {
      message = JsonRpcCodec.decode(JsonRpcCodec.parse(json));
    } catch (RexdException e) {
      LOG.log(System.Logger.Level.WARNING, "host " + name + " sent a malformed control message: " + e.getMessage());
      return;
    }
    if (message instanceof JsonRpcRequest request) {
      answer(request);
    }
  }

  private void answer(JsonRpcRequest request) {
    JsonRpcResponse response;
    try {
      if (!HubProtocol.REGISTER.equals(request.method())) {
        throw RexdException.of(dev.rexd.api.ErrorCode.METHOD_NOT_FOUND, "method_not_found",
            "a host may only call " + HubProtocol.REGISTER + " on the control connection");
      }
      RegisterParams p = RexdJson.mapper().treeToValue(request.params(), RegisterParams.class);
      if (p == null || !name.equals(p.name())) {
        throw RexdException.invalidParams("host_name_mismatch", "hub.register names a host other than the "
            + "connection's (" + name + ")");
      }
      HostEntry registered = new HostEntry(name, Instant.now().toString(), String.valueOf(p.serverVersion()),
          p.capabilities(), p.labels());
      entry = registered;
      registry.registered(this);
      response = JsonRpcResponse.success(request.id(), JsonNodeFactory.instance.objectNode().put("ok", true));
    } catch (RexdException e) {
      response = JsonRpcResponse.failure(request.id(), e);
    } catch (RuntimeException e) {
      response = JsonRpcResponse.failure(request.id(), RexdException.invalidParams("invalid_params",
          "bad hub.register params: " + e.getMessage()));
    }
    socket.send(JsonRpcCodec.encode(response));
  }

  /**
   * Asks the host for a data connection for channel {@code id}; the future completes with it once
   * it arrived, or fails after {@code timeout}.
   */
  CompletableFuture<Transport> openChannel(String id, Duration timeout) {
    CompletableFuture<Transport> arrived = new CompletableFuture<>();
    pending.put(id, arrived);
    socket.send(JsonRpcCodec.encode(new JsonRpcNotification(HubProtocol.OPEN_CHANNEL,
        RexdJson.mapper().valueToTree(new OpenChannelParams(id))))).whenComplete((v, e) -> {
          if (e != null) {
            arrived.completeExceptionally(e);
          }
        });
    return arrived.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((t, e) -> pending.remove(id));
  }

  /** Whether a data connection for {@code channelId} is expected. */
  boolean expects(String channelId) {
    return pending.containsKey(channelId);
  }

  /** A data connection arrived for {@code channelId}: handed to the asker, or false when none asked. */
  boolean channelArrived(String channelId, Transport data) {
    CompletableFuture<Transport> asker = pending.remove(channelId);
    return asker != null && asker.complete(data);
  }

  /** Another connection with the same credential took the name: tell the host, then close. */
  void replaced() {
    socket.send(JsonRpcCodec.encode(new JsonRpcNotification(HubProtocol.REPLACED, null)))
        .whenComplete((v, e) -> socket.close());
  }

  void close() {
    socket.close();
  }

  @Override
  public void onClosed(@Nullable Throwable cause) {
    pending.values().forEach(f -> f.completeExceptionally(new java.io.IOException("host " + name + " disconnected")));
    registry.left(this);
  }
}
