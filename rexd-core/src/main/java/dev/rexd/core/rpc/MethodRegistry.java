package dev.rexd.core.rpc;

import dev.rexd.api.RexdMethod;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Maps method names to typed handlers; params are decoded into the method's record before the
 * handler runs.
 *
 * <pre>{@code
 * registry.register(RexdMethods.FS_STAT, (call, p) -> fs.stat(call.session(p.sessionId()), p));
 * }</pre>
 */
public final class MethodRegistry {
  private final Map<String, Entry<?, ?>> entries = new ConcurrentHashMap<>();

  /** A handler of one method. */
  @FunctionalInterface
  public interface Handler<P, R> {
    R handle(CallContext call, P params) throws Exception;
  }

  /** A method with its handler. */
  public record Entry<P, R>(RexdMethod<P, R> method, Handler<P, R> handler) {}

  /** Registers (or replaces) the handler of {@code method}. */
  public <P, R> MethodRegistry register(RexdMethod<P, R> method, Handler<P, R> handler) {
    entries.put(method.name(), new Entry<>(method, handler));
    return this;
  }

  /** The entry for a method name, or null when no handler exists. */
  public @Nullable Entry<?, ?> find(String name) {
    return entries.get(name);
  }

  /** The registered method names. */
  public Set<String> names() {
    return Set.copyOf(entries.keySet());
  }
}
