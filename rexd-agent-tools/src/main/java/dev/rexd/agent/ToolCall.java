package dev.rexd.agent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running tool call, as its caller sees it: the tool reports progress through it, and the
 * caller may {@link #cancel()} it (a running command's process group is then killed).
 *
 * <pre>{@code
 * ToolCall call = ToolCall.reporting((done, message) -> log(done + " " + message));
 * executor.submit(() -> tools.call("bash", args, call));
 * call.cancel();   // e.g. the MCP client sent notifications/cancelled
 * }</pre>
 */
public final class ToolCall {
  /** Receives progress: a growing number (seconds or bytes) and a short message. */
  @FunctionalInterface
  public interface ProgressListener {
    void progress(double done, String message);
  }

  private final ProgressListener listener;
  private final AtomicBoolean canceled = new AtomicBoolean();
  private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();

  private ToolCall(ProgressListener listener) {
    this.listener = listener;
  }

  /** A call whose progress goes nowhere. */
  public static ToolCall quiet() {
    return new ToolCall((done, message) -> { });
  }

  /** A call whose progress goes to {@code listener}. */
  public static ToolCall reporting(ProgressListener listener) {
    return new ToolCall(listener);
  }

  /** Cancels the call: runs the tool's cancel actions once. Any thread. */
  public void cancel() {
    if (canceled.compareAndSet(false, true)) {
      onCancel.forEach(Runnable::run);
    }
  }

  public boolean isCanceled() {
    return canceled.get();
  }

  /** For tools: runs {@code action} when the call is canceled (at once if it is already). */
  public void onCancel(Runnable action) {
    onCancel.add(action);
    if (canceled.get() && onCancel.remove(action)) {
      action.run();
    }
  }

  /** For tools: reports progress. */
  public void progress(double done, String message) {
    listener.progress(done, message);
  }
}
