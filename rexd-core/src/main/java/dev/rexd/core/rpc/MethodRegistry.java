package dev.rexd.core.rpc;

import dev.rexd.api.RexdMethod;
import java.util.Map;
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

  /** A method with its handler. */
  public record Entry<P, R>(RexdMethod<P, R> method, MethodHandler<P, R> handler) {}

  /**
   * Registers the handler of {@code method}.
   *
   * @throws IllegalArgumentException when a handler for that name exists already
   */
  public <P, R> MethodRegistry register(RexdMethod<P, R> method, MethodHandler<P, R> handler) {
    if (entries.putIfAbsent(method.name(), new Entry<>(method, handler)) != null) {
      throw new IllegalArgumentException("method " + method.name() + " is already registered");
    }
    return this;
  }

  /** The entry for a method name, or null when no handler exists. */
  public @Nullable Entry<?, ?> find(String name) {
    return entries.get(name);
  }
}
