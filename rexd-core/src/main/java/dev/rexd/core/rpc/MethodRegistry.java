package dev.rexd.core.rpc;

import dev.rexd.api.RexdMethod;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Maps method names to typed handlers; params are decoded into the method's record before the
 * handler runs. A name is registered once.
 *
 * <pre>{@code
 * registry.register(RexdMethods.FS_STAT, (call, p) -> fs.stat(call.session(p.sessionId()), p));
 * }</pre>
 */
public final class MethodRegistry {
  private final Map<String, Entry<?, ?>> entries = new ConcurrentHashMap<>();

  /**
   * A handler that may answer later without holding a thread (a held {@code exec.start}); the
   * stage fails with a {@code RexdException} to answer with an error.
   *
   * @param <P> the params record
   * @param <R> the result record
   */
  @FunctionalInterface
  public interface AsyncHandler<P, R> {
    CompletionStage<R> handle(CallContext call, P params) throws Exception;
  }

  /**
   * A method with its handler.
   *
   * @param quick the handler answers at once, from memory or a few non-blocking system calls, so
   *     the dispatcher may run it on the thread that read the request instead of handing it over
   */
  public record Entry<P, R>(RexdMethod<P, R> method, AsyncHandler<P, R> handler, boolean quick) {}

  /**
   * Registers the handler of {@code method}.
   *
   * @throws IllegalArgumentException when a handler for that name exists already
   */
  public <P, R> MethodRegistry register(RexdMethod<P, R> method, MethodHandler<P, R> handler) {
    return add(new Entry<>(method, (call, p) -> CompletableFuture.completedFuture(handler.handle(call, p)), false));
  }

  /**
   * Registers the handler of a method that answers at once: from memory or a few system calls that
   * never wait on a process, a peer or a lock held for long ({@code fs.stat}, {@code exec.kill}).
   * Such a request runs on the thread that read it, saving two thread hand-offs per call.
   *
   * @throws IllegalArgumentException when a handler for that name exists already
   */
  public <P, R> MethodRegistry registerQuick(RexdMethod<P, R> method, MethodHandler<P, R> handler) {
    return add(new Entry<>(method, (call, p) -> CompletableFuture.completedFuture(handler.handle(call, p)), true));
  }

  /**
   * Registers the handler of a method that runs on the thread that read the request and answers
   * through a stage: it does at once only what a quick handler may (see {@link #registerQuick})
   * and hands over to a thread of its own whatever may wait: {@code exec.start} runs one spawn
   * through {@code posix_spawn} at once and hands a held or slower start to the executor.
   *
   * @throws IllegalArgumentException when a handler for that name exists already
   */
  public <P, R> MethodRegistry registerQuickAsync(RexdMethod<P, R> method, AsyncHandler<P, R> handler) {
    return add(new Entry<>(method, handler, true));
  }

  /**
   * Registers the handler of {@code method}, which answers through a stage.
   *
   * @throws IllegalArgumentException when a handler for that name exists already
   */
  public <P, R> MethodRegistry registerAsync(RexdMethod<P, R> method, AsyncHandler<P, R> handler) {
    return add(new Entry<>(method, handler, false));
  }

  private MethodRegistry add(Entry<?, ?> entry) {
    if (entries.putIfAbsent(entry.method().name(), entry) != null) {
      throw new IllegalArgumentException("method " + entry.method().name() + " is already registered");
    }
    return this;
  }

  /** The registered method names. */
  public Set<String> names() {
    return Set.copyOf(entries.keySet());
  }

  /** The entry for a method name, or null when no handler exists. */
  public @Nullable Entry<?, ?> find(String name) {
    return entries.get(name);
  }
}
