package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.fail;

import dev.rexd.api.exec.ExecExitEvent;
import dev.rexd.api.exec.ExecOutputEvent;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.core.session.EventChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A test {@link EventChannel}: decodes every frame and queues it per process id. With a capacity,
 * each process's queue is bounded, so an idle test thread makes {@code deliver} block like a slow
 * connection does.
 */
final class EventRecorder implements EventChannel {
  private final int capacity;
  private final Map<String, BlockingQueue<Event>> byProcess = new ConcurrentHashMap<>();
  private final Map<String, List<Event>> history = new ConcurrentHashMap<>();

  EventRecorder() {
    this(Integer.MAX_VALUE);
  }

  EventRecorder(int capacity) {
    this.capacity = capacity;
  }

  /** One decoded notification. */
  record Event(String method, JsonNode params) {
    boolean isExit() {
      return method.equals("exec.exit");
    }

    ExecOutputEvent output() {
      return RexdJson.mapper().treeToValue(params, ExecOutputEvent.class);
    }

    ExecExitEvent exit() {
      return RexdJson.mapper().treeToValue(params, ExecExitEvent.class);
    }
  }

  @Override
  public boolean deliver(String frame) throws InterruptedException {
    JsonNode node = JsonRpcCodec.parse(frame);
    JsonNode params = node.get("params");
    String processId = params.get("process_id").asString();
    Event e = new Event(node.get("method").asString(), params);
    queue(processId).put(e);
    history(processId).add(e);
    return true;
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  /** The next event of this process, failing the test after 30 s. */
  Event next(String processId) throws InterruptedException {
    Event e = queue(processId).poll(30, TimeUnit.SECONDS);
    if (e == null) {
      fail("no event for " + processId + " within 30 s");
    }
    return e;
  }

  /** Every event of this process delivered so far, taken or not, in order. */
  List<Event> history(String processId) {
    return history.computeIfAbsent(processId, k -> Collections.synchronizedList(new ArrayList<>()));
  }

  /** Events of this process received and not taken yet. */
  int pending(String processId) {
    return queue(processId).size();
  }

  private BlockingQueue<Event> queue(String processId) {
    return byProcess.computeIfAbsent(processId, k -> new LinkedBlockingQueue<>(capacity));
  }
}
