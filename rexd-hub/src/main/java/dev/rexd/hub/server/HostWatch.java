package dev.rexd.hub.server;

import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcNotification;
import dev.rexd.hub.wire.HostEntry;
import dev.rexd.hub.wire.HubProtocol;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One client's {@code hub.watch}: hosts connecting and leaving, as {@code hub.host_connected}
 * and {@code hub.host_left} events, written to the client on {@code events} threads so the hub's own
 * threads never wait for a client. The queue is bounded: a client that falls that far behind is
 * unsubscribed and sent {@code hub.unwatched {reason: "slow"}} (never a silent gap); it may watch
 * again and re-read {@code hub.hosts}.
 *
 * <pre>{@code
 * HostWatch watch = new HostWatch(registry, relay::toClient, executor);
 * registry.addListener(watch);
 * }</pre>
 */
final class HostWatch implements HubListener {
  /** Host events a watcher may fall behind by before it is unsubscribed. */
  static final int QUEUE = 256;

  private final HostRegistry registry;
  private final Consumer<String> toClient;
  private final Executor events;
  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE + 1);
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile boolean dropped;

  HostWatch(HostRegistry registry, Consumer<String> toClient, Executor events) {
    this.registry = registry;
    this.toClient = toClient;
    this.events = events;
  }

  @Override
  public void hostConnected(HostEntry host) {
    enqueue(event(HubProtocol.HOST_CONNECTED, RexdJson.mapper().valueToTree(host)));
  }

  @Override
  public void hostLeft(HostEntry host) {
    enqueue(event(HubProtocol.HOST_LEFT, JsonNodeFactory.instance.objectNode().put("name", host.name())));
  }

  /** Stops the events (unwatch, or the client went away). */
  void stop() {
    dropped = true;
    registry.removeListener(this);
    queue.clear();
  }

  private synchronized void enqueue(String frame) {
    if (dropped) {
      return;
    }
    if (queue.size() >= QUEUE) {
      registry.removeListener(this);
      dropped = true;
      queue.clear();
      queue.add(event(HubProtocol.UNWATCHED, JsonNodeFactory.instance.objectNode().put("reason", "slow")));
    } else {
      queue.add(frame);
    }
    drainSoon();
  }

  private void drainSoon() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    try {
      events.execute(this::drain);
    } catch (RejectedExecutionException stopping) {
      draining.set(false);
    }
  }

  private void drain() {
    for (String frame; (frame = queue.poll()) != null; ) {
      toClient.accept(frame);
    }
    draining.set(false);
    if (!queue.isEmpty()) {
      drainSoon();
    }
  }

  private static String event(String method, ObjectNode params) {
    return JsonRpcCodec.encode(new JsonRpcNotification(method, params));
  }
}
