package dev.rexd.core.rpc;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.session.EventChannel;
import dev.rexd.core.session.Session;
import dev.rexd.core.session.SessionManager;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One streaming peer of a server (a stdio pair, a WebSocket): inbound frames go to the dispatcher;
 * responses and events leave one at a time through a queue bounded by bytes
 * ({@link OutboundQueue}) drained by a single writer thread, so a slow reader slows the producers
 * instead of growing memory, and what waits stays about the same size whatever the frames are.
 * When nothing is queued or being written, the producing thread writes its frame itself, which
 * spares a small answer the writer thread's wake-up; either way frames leave in the order they
 * were produced. The queue holds text frames (responses, most events) and UTF-8 byte frames
 * (output events, which go to the transport's {@link Transport#sendUtf8} and so never become
 * a {@code String}), in one order.
 *
 * <p>Every session the peer names is subscribed to this connection's events, and forgotten once it
 * has closed (checked after each frame), so a long-lived connection holds only its open sessions.
 * When the connection ends, the sessions it used are closed if it owns them (stdio), or kept for a
 * later connection to reattach (WebSocket).
 *
 * <pre>{@code
 * Connection c = server.connect(transport);
 * c.closed().join();   // after EOF, with its sessions closed
 * }</pre>
 */
public final class Connection implements EventChannel {
  private static final System.Logger LOG = System.getLogger(Connection.class.getName());
  private static final AtomicLong IDS = new AtomicLong();
  private static final Object POISON = new Object();
  private static final long INFLIGHT_GRACE_MS = 2_000;
  private static final long FLUSH_TIMEOUT_MS = 10_000;

  private final String name = "rexd-conn-" + IDS.incrementAndGet();
  private final Transport transport;
  private final Dispatcher dispatcher;
  private final SessionManager sessions;
  private final boolean ownsSessions;
  private final Principal principal;
  private final int maxMessageBytes;
  /** {@code String} or UTF-8 {@code byte[]} frames, and {@link #POISON} at the end. */
  private final OutboundQueue outbound;
  private final Set<Session> used = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final AtomicBoolean inputOpen = new AtomicBoolean(true);
  private final Set<CompletableFuture<Void>> inflight = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final CompletableFuture<Void> writerDone = new CompletableFuture<>();
  /** Held while a frame is taken from the queue and written, or written directly. */
  private final ReentrantLock writing = new ReentrantLock();
  private volatile @Nullable Thread writer;
  /** What {@link #whenClosed} was given and not yet run or forgotten. */
  private final Set<CloseAction> closeActions = ConcurrentHashMap.newKeySet();
  /** Set before the close actions run: one added from then on runs at once. */
  private volatile boolean closing;

  Connection(Transport transport, Dispatcher dispatcher, SessionManager sessions, boolean ownsSessions,
      int maxMessageBytes, long maxQueuedBytes) {
    this(transport, dispatcher, sessions, ownsSessions, Principal.localUser(), maxMessageBytes, maxQueuedBytes);
  }

  /**
   * A connection whose calls are made by {@code principal}; producers wait
   * while {@code maxQueuedBytes} of frames are queued or being written.
   */
  public Connection(Transport transport, Dispatcher dispatcher, SessionManager sessions, boolean ownsSessions,
      Principal principal, int maxMessageBytes, long maxQueuedBytes) {
    this.principal = principal;
    this.transport = transport;
    this.dispatcher = dispatcher;
    this.sessions = sessions;
    this.ownsSessions = ownsSessions;
    this.maxMessageBytes = maxMessageBytes;
    this.outbound = new OutboundQueue(maxQueuedBytes);
  }

  /** Starts reading from and writing to the transport; returns this connection. */
  Connection start() {
    Thread w = new Thread(this::writeLoop, name + "-writer");
    w.setDaemon(true);
    writer = w;
    w.start();
    transport.start(new Transport.Listener() {
      @Override
      public void onFrame(String json) {
        receive(json);
      }

      @Override
      public void onClosed(@Nullable Throwable cause) {
        if (cause != null) {
          LOG.log(System.Logger.Level.DEBUG, name + " ended: " + cause);
        }
        end();
      }

      @Override
      public void onOversizedFrame(long length) {
        enqueueQuietly(Dispatcher.oversized(length, maxMessageBytes));
      }
    });
    return this;
  }

  /** Completes once the peer is gone and this connection's sessions were dealt with. */
  public CompletableFuture<Void> closed() {
    return closed;
  }

  /** Who makes this connection's calls. */
  public Principal principal() {
    return principal;
  }

  /** Ends the connection as if the peer had stopped sending: in-flight calls finish, then it closes. */
  public void close() {
    end();
  }

  @Override
  public boolean deliver(String frame) throws InterruptedException {
    return enqueue(frame);
  }

  @Override
  public boolean deliverUtf8(byte[] frame) throws InterruptedException {
    return enqueue(frame);
  }

  /**
   * Writes a frame now when nothing is queued or being written, else queues it, blocking while the
   * queue is full; false once the connection closed.
   */
  private boolean enqueue(Object frame) throws InterruptedException {
    // never from inside a write (a transport that calls back while sending): that frame waits its turn
    if (!writing.isHeldByCurrentThread() && outbound.isEmpty() && writing.tryLock()) {
      try {
        if (outbound.isEmpty() && open.get()) {
          return write(frame);
        }
      } finally {
        writing.unlock();
      }
    }
    if (open.get() && outbound.put(frame, open::get)) {
      LockSupport.unpark(writer);
      return true;
    }
    return false;
  }

  /** Queues {@code frame} for the writer if it fits now, behind every frame queued or being written. */
  @Override
  public boolean offer(String frame) {
    if (open.get() && outbound.offer(frame)) {
      LockSupport.unpark(writer);
      return true;
    }
    return false;
  }

  @Override
  public boolean isOpen() {
    return open.get();
  }

  @Override
  public Runnable whenClosed(Runnable action) {
    CloseAction entry = new CloseAction(action);
    closeActions.add(entry);
    if (closing) {
      runOnce(entry);
    }
    return () -> closeActions.remove(entry);
  }

  /** Runs a close action unless it already ran or was forgotten. */
  private void runOnce(CloseAction entry) {
    if (closeActions.remove(entry)) {
      entry.action.run();
    }
  }

  /** One {@link #whenClosed} registration, told apart from another of the same action. */
  private static final class CloseAction {
    private final Runnable action;

    CloseAction(Runnable action) {
      this.action = action;
    }
  }

  @Override
  public String toString() {
    return name;
  }

  private void receive(String frame) {
    // a char is at most 3 UTF-8 bytes: only a long frame needs encoding to be measured
    if (frame.length() > maxMessageBytes / 3) {
      int bytes = frame.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > maxMessageBytes) {
        enqueueQuietly(Dispatcher.oversized(bytes, maxMessageBytes));
        return;
      }
    }
    if (!inputOpen.get()) {
      return;
    }
    CompletableFuture<Void> call = dispatcher.dispatch(frame, new Caller(principal, this, this::lookup), this::deliver);
    inflight.add(call);
    call.whenComplete((v, e) -> {
      inflight.remove(call);
      used.removeIf(Session::isClosed); // a closed session is never named again: let it go
    });
  }

  /** The session; its owner's connection is subscribed to its events (others watch instead). */
  private Session lookup(String id) {
    Session s = sessions.get(id);
    if (s.owner().sameAs(principal) && used.add(s)) {
      s.subscribe(this);
    }
    return s;
  }

  private void enqueueQuietly(String frame) {
    try {
      deliver(frame);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeLoop() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Object frame;
        writing.lock();
        try {
          frame = outbound.poll();
          if (frame != null && frame != POISON) {
            boolean written = write(frame);
            outbound.written(frame);
            if (!written) {
              return;
            }
          }
        } finally {
          writing.unlock();
        }
        if (frame == POISON) {
          return;
        }
        if (frame == null) {
          if (!open.get()) {
            return;
          }
          LockSupport.park(this);   // each enqueue unparks, and so does closing
        }
      }
    } finally {
      writerDone.complete(null);
    }
  }

  /** Writes one frame to the transport; on failure the connection ends and this returns false. */
  private boolean write(Object frame) {
    try {
      (frame instanceof byte[] bytes ? transport.sendUtf8(bytes) : transport.send((String) frame)).join();
      return true;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, name + " cannot write: " + e);
      open.set(false);
      LockSupport.unpark(writer);   // when another thread's direct write failed
      outbound.clear();
      end();
      return false;
    }
  }

  /**
   * The peer stopped sending (or could no longer be written to): let in-flight calls finish, close
   * or release the sessions, flush what is queued, then close the transport. Runs once.
   */
  private void end() {
    if (!inputOpen.compareAndSet(true, false)) {
      return;
    }
    Thread closer = new Thread(() -> {
      awaitInflight(INFLIGHT_GRACE_MS);
      releaseSessions();
      awaitInflight(INFLIGHT_GRACE_MS);
      releaseSessions();
      if (open.get()) {
        try {
          outbound.putMarker(POISON);
          LockSupport.unpark(writer);
          writerDone.get(FLUSH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          LOG.log(System.Logger.Level.DEBUG, name + " could not flush before closing: " + e);
        }
      }
      open.set(false);
      LockSupport.unpark(writer);
      outbound.clear();
      transport.close();
      closing = true;
      closeActions.forEach(this::runOnce);
      closed.complete(null);
    }, name + "-closer");
    closer.setDaemon(true);
    closer.start();
  }

  private void releaseSessions() {
    for (Session s : used) {
      s.unsubscribe(this);
      if (ownsSessions) {
        sessions.close(s.id(), SessionManager.BY_CONNECTION);
      }
    }
  }

  private void awaitInflight(long millis) {
    try {
      CompletableFuture.allOf(inflight.toArray(new CompletableFuture<?>[0])).get(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.log(System.Logger.Level.DEBUG, name + " closing with calls still running");
    }
  }
}
