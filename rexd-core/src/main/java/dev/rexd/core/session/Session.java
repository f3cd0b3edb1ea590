package dev.rexd.core.session;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdEvent;
import dev.rexd.api.RexdException;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.session.ProcessSummary;
import dev.rexd.api.session.PtySummary;
import dev.rexd.core.Limits;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.policy.RootPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One agent session: its roots, cwd and limits, the channels its events go to, and the state
 * features keep for it (processes, terminals).
 *
 * <pre>{@code
 * Path file = session.resolve("src/Main.java");           // through the root policy
 * session.publish(RexdEvents.EXEC_EXIT, exitEvent);        // to every subscribed channel
 * }</pre>
 */
public final class Session {
  private final String id;
  private final String clientName;
  private final @Nullable String clientVersion;
  private final RootPolicy policy;
  private final Path cwd;
  private final Limits limits;
  private final Instant openedAt = Instant.now();
  private final Set<EventChannel> subscribers = new CopyOnWriteArraySet<>();
  private final Set<SessionWatcher> watchers = new CopyOnWriteArraySet<>();
  private final Principal owner;
  private final Map<Class<?>, SessionFeature> features = new ConcurrentHashMap<>();
  private final AtomicInteger liveProcesses = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long lastActiveNanos = System.nanoTime();
  private final SessionObserver observer;

  public Session(String id, String clientName, @Nullable String clientVersion, RootPolicy policy, Limits limits) {
    this(id, clientName, clientVersion, policy, limits, SessionObserver.NONE, Principal.localUser());
  }

  public Session(String id, String clientName, @Nullable String clientVersion, RootPolicy policy, Limits limits,
      SessionObserver observer) {
    this(id, clientName, clientVersion, policy, limits, observer, Principal.localUser());
  }

  /** A session owned by {@code owner}, the principal that opened it. */
  public Session(String id, String clientName, @Nullable String clientVersion, RootPolicy policy, Limits limits,
      SessionObserver observer, Principal owner) {
    this.observer = observer;
    this.owner = owner;
    this.id = id;
    this.clientName = clientName;
    this.clientVersion = clientVersion;
    this.policy = policy;
    this.cwd = policy.roots().get(0);
    this.limits = limits;
  }

  public String id() {
    return id;
  }

  public String clientName() {
    return clientName;
  }

  public @Nullable String clientVersion() {
    return clientVersion;
  }

  /** The principal that opened the session. */
  public Principal owner() {
    return owner;
  }

  /** The session's root policy (its roots, possibly narrower than the server's). */
  public RootPolicy policy() {
    return policy;
  }

  /** The working directory: the first root. */
  public Path cwd() {
    return cwd;
  }

  public Limits limits() {
    return limits;
  }

  public Instant openedAt() {
    return openedAt;
  }

  /** A path resolved against the cwd through the root policy ({@code -32002} outside the roots). */
  public Path resolve(String path) {
    return policy.resolve(path, cwd);
  }

  /**
   * A working directory for a command: the session cwd when {@code dir} is null, else {@code dir}
   * through the root policy; it must be an existing directory ({@code -32602 not_found} /
   * {@code not_a_directory}).
   */
  public Path resolveDirectory(@Nullable String dir) {
    if (dir == null || dir.isEmpty()) {
      return cwd;
    }
    Path p = resolve(dir);
    if (!Files.isDirectory(p)) {
      throw RexdException.invalidParams(Files.exists(p) ? Reasons.NOT_A_DIRECTORY : Reasons.NOT_FOUND,
          "cwd is not an existing directory: " + dir).with("path", p.toString());
    }
    return p;
  }

  /**
   * The feature state of this type, created on first use. Refused once the session closed:
   * creation and {@link #close()} exclude each other, so no feature is created that close would
   * miss.
   */
  public <T extends SessionFeature> T feature(Class<T> type, Supplier<T> create) {
    SessionFeature f = features.get(type);
    if (f == null) {
      synchronized (features) {
        ensureOpen();
        f = features.computeIfAbsent(type, k -> create.get());
      }
    }
    return type.cast(f);
  }

  /** The feature state of this type if it was ever created. */
  public <T extends SessionFeature> @Nullable T existingFeature(Class<T> type) {
    return type.cast(features.get(type));
  }

  /** Takes one process slot, or {@code -32008} when {@code max_processes_per_session} are running. */
  public ProcessSlot acquireProcessSlot() {
    ensureOpen();
    int max = limits.maxProcessesPerSession();
    while (true) {
      int now = liveProcesses.get();
      if (now >= max) {
        throw RexdException.of(ErrorCode.RESOURCE_LIMIT, Reasons.TOO_MANY_PROCESSES,
            "max_processes_per_session (" + max + ") reached").with("limit", max);
      }
      if (liveProcesses.compareAndSet(now, now + 1)) {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
          if (released.compareAndSet(false, true)) {
            liveProcesses.decrementAndGet();
          }
        };
      }
    }
  }

  /** Processes and terminals currently holding a slot. */
  public int runningProcesses() {
    return liveProcesses.get();
  }

  /** Every process of every feature, for {@code session.info}. */
  public List<ProcessSummary> processes() {
    List<ProcessSummary> all = new ArrayList<>();
    features.values().forEach(f -> all.addAll(f.processes()));
    return all;
  }

  /** Every terminal of every feature, for {@code session.info}. */
  public List<PtySummary> ptys() {
    List<PtySummary> all = new ArrayList<>();
    features.values().forEach(f -> all.addAll(f.ptys()));
    return all;
  }

  /** Sends this session's later events to {@code channel} too. */
  public void subscribe(EventChannel channel) {
    subscribers.add(channel);
    touch();
  }

  /** Stops sending events to {@code channel}. */
  public void unsubscribe(EventChannel channel) {
    subscribers.remove(channel);
  }

  /** Offers this session's later events, and its lifecycle events, to {@code watcher} too. */
  public void watch(SessionWatcher watcher) {
    watchers.add(watcher);
  }

  /** Stops offering events to {@code watcher}. */
  public void unwatch(SessionWatcher watcher) {
    watchers.remove(watcher);
  }

  /** Whether anyone watches this session. */
  public boolean hasWatchers() {
    return !watchers.isEmpty();
  }

  /**
   * Sends an event only watchers receive ({@code exec.started}, {@code pty.opened}, approvals,
   * ...); the {@link SessionObserver} sees it whether or not anyone watches. The owner watching
   * its own session gets it on its channel, in line with the session's other events (so that its
   * process's {@code exec.started} comes before the output), unless the channel has no room for
   * it just then; it then goes through the watcher, like every other watcher's.
   */
  public <E> void publishToWatchers(RexdEvent<E> event, E params) {
    observer.published(this, event, params);
    if (!watchers.isEmpty()) {
      String frame = encode(event, params);
      offerToWatchers(w -> subscribers.contains(w.channel()) && w.channel().offer(frame) || w.offer(frame));
    }
  }

  /** Whether any open channel receives this session's events. */
  public boolean hasSubscribers() {
    return subscribers.stream().anyMatch(EventChannel::isOpen);
  }

  /**
   * Sends one event to every subscribed channel, blocking while a channel's queue is full. With no
   * subscriber the event goes nowhere (features that must not lose output retain it themselves).
   */
  public <E> void publish(RexdEvent<E> event, E params) throws InterruptedException {
    observer.published(this, event, params);
    if (subscribers.isEmpty() && watchers.isEmpty()) {
      return;
    }
    String frame = encode(event, params);
    deliverToAll(channel -> channel.deliver(frame));
    offerToWatchers(w -> subscribers.contains(w.channel()) || w.offer(frame));
  }

  /** The notification's line, written straight from the params record (no tree in between). */
  private static <E> String encode(RexdEvent<E> event, E params) {
    return RexdJson.mapper().writeValueAsString(new NotificationEnvelope("2.0", event.name(), params));
  }

  /** A JSON-RPC notification as it is written. */
  @JsonPropertyOrder({"jsonrpc", "method", "params"})
  private record NotificationEnvelope(String jsonrpc, String method, Object params) {}

  /**
   * Sends one output event ({@code exec.stdout}, {@code exec.stderr}, {@code pty.output}) as UTF-8
   * bytes, like {@link #publish} but without a {@code String} or a tree on the way: {@code frame}
   * (see {@link dev.rexd.api.rpc.OutputEventFrames}) is called only when a channel is subscribed,
   * and the {@link SessionObserver} does not see the event.
   */
  public void publishOutput(Supplier<byte[]> frame) throws InterruptedException {
    publishOutput(null, frame);
  }

  /** {@link #publishOutput(Supplier)} naming the chunk, so watchers brought up to date by a replay skip it. */
  public void publishOutput(@Nullable OutputTag tag, Supplier<byte[]> frame) throws InterruptedException {
    if (subscribers.isEmpty() && watchers.isEmpty()) {
      return;
    }
    byte[] bytes = frame.get();
    observer.outputPublished(this, bytes.length);
    deliverToAll(channel -> channel.deliverUtf8(bytes));
    offerToWatchers(w -> subscribers.contains(w.channel()) || w.offerOutput(tag, bytes));
  }

  /** Offers to every watcher without blocking; one whose queue is full is dropped. */
  private void offerToWatchers(java.util.function.Predicate<SessionWatcher> offer) {
    for (SessionWatcher w : watchers) {
      if (!offer.test(w)) {
        watchers.remove(w);
      }
    }
  }

  /** One delivery to one channel: false once the channel closed. */
  @FunctionalInterface
  private interface Delivery {
    boolean to(EventChannel channel) throws InterruptedException;
  }

  private void deliverToAll(Delivery delivery) throws InterruptedException {
    for (EventChannel channel : subscribers) {
      if (!delivery.to(channel)) {
        subscribers.remove(channel);
      }
    }
  }

  /** Marks activity, for the idle timeout of sessions without a connection. */
  public void touch() {
    lastActiveNanos = System.nanoTime();
  }

  public long lastActiveNanos() {
    return lastActiveNanos;
  }

  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Closes every feature, those that run processes first (ending the non-detached ones); true on
   * the first call only.
   */
  public boolean close() {
    List<SessionFeature> toClose;
    synchronized (features) {
      if (!closed.compareAndSet(false, true)) {
        return false;
      }
      toClose = new ArrayList<>(features.values());
    }
    toClose.sort(Comparator.comparing(f -> !f.runsProcesses()));
    for (SessionFeature f : toClose) {
      try {
        f.close();
      } catch (RuntimeException e) {
        System.getLogger(Session.class.getName())
            .log(System.Logger.Level.WARNING, "closing " + f.getClass().getSimpleName() + " of " + id, e);
      }
    }
    subscribers.clear();
    watchers.clear();
    return true;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw RexdException.sessionNotFound(id);
    }
  }
}
