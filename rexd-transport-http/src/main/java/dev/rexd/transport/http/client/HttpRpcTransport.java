package dev.rexd.transport.http.client;

import dev.rexd.api.transport.Transport;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * A client {@link Transport} over {@code POST /rpc} (OkHttp): every {@link #send} is one HTTP
 * exchange whose response body is handed to the listener, on one daemon reader thread, in the
 * order responses arrive. A body of notifications only gets no frame ({@code 204}). There are no
 * events over POST ({@link #carriesEvents()} is false): rexd-client then polls a process's output,
 * and {@link WebSocketTransport} streams it as it comes.
 *
 * <p>At most {@code maxInFlight} exchanges run at once; a further send waits for a free slot, at
 * most {@code slotWait}, and then fails. The future {@code send} returns completes when the
 * exchange is over: normally after its answer was handed to the listener, exceptionally when the
 * server could not be reached (connection, TLS, timeout) or answered with a body larger than
 * {@code maxResponseBytes}. Such a failure fails that call only: the transport stays open for the
 * next one. When the server refuses a call with an HTTP error ({@code 401 -32001}, {@code 403},
 * {@code 413 -32600}), the listener receives that error as the response to each request of the
 * frame, with {@code data.http_status} added, so callers see it like any other error.
 *
 * <pre>{@code
 * Transport t = HttpRpcTransport.builder(URI.create("https://build-7:8443/rpc"))
 *     .token(System.getenv("REXD_AUTH_TOKEN"))
 *     .tls(ClientTls.builder().truststore(Path.of("rexd-ca.p12"), "secret").build())
 *     .build();
 *
 * // or through an OkHttpClient of the application's: its proxy, interceptors, TLS and pool
 * Transport viaProxy = HttpRpcTransport.builder(uri).okHttpClient(appClient).token(token).build();
 * }</pre>
 */
public final class HttpRpcTransport implements Transport {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final AtomicInteger IDS = new AtomicInteger();

  private final String name = "rexd-http-client-" + IDS.incrementAndGet();
  private final URI uri;
  private final @Nullable String token;
  private final Map<String, String> headers;
  private final OkHttpClient client;
  private final @Nullable ExecutorService calls;
  private final ExecutorService reader;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final Duration slotWait;
  private final long maxResponseBytes;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile @Nullable Listener listener;

  private HttpRpcTransport(Builder b) {
    this.uri = b.uri;
    this.token = b.token;
    this.headers = Map.copyOf(b.headers);
    this.maxInFlight = b.maxInFlight;
    this.inFlight = new Semaphore(b.maxInFlight);
    this.slotWait = b.slotWait;
    this.maxResponseBytes = b.maxResponseBytes;
    this.reader = Executors.newSingleThreadExecutor(daemon(name + "-reader"));
    OkHttpClient.Builder ok;
    if (b.okHttpClient != null) {
      this.calls = null;
      ok = b.okHttpClient.newBuilder();
    } else {
      this.calls = Executors.newCachedThreadPool(daemon(name + "-call"));
      Dispatcher dispatcher = new Dispatcher(calls);
      dispatcher.setMaxRequests(b.maxInFlight);
      dispatcher.setMaxRequestsPerHost(b.maxInFlight);
      ok = new OkHttpClient.Builder().dispatcher(dispatcher).connectTimeout(b.connectTimeout)
          .retryOnConnectionFailure(false);
    }
    ok.readTimeout(b.callTimeout).writeTimeout(b.callTimeout).callTimeout(b.callTimeout);
    if (b.tls != null) {
      ok.sslSocketFactory(b.tls.sslContext().getSocketFactory(), b.tls.trustManager());
    }
    this.client = ok.build();
  }

  /** A transport to a target's URL; typed {@link Transport} so a caller links no OkHttp class. */
  static Transport open(URI url, @Nullable String token, Map<String, String> headers, Duration connectTimeout) {
    Builder b = builder(url).token(token).connectTimeout(connectTimeout);
    headers.forEach(b::header);
    return b.build();
  }

  /** A builder posting to {@code uri}, e.g. {@code http://127.0.0.1:8080/rpc}. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  @Override
  public void start(Listener listener) {
    if (this.listener != null) {
      throw new IllegalStateException("already started");
    }
    this.listener = listener;
  }

  @Override
  public CompletableFuture<Void> send(String frame) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IOException(name + " is closed"));
    }
    try {
      if (!inFlight.tryAcquire(slotWait.toMillis(), TimeUnit.MILLISECONDS)) {
        return CompletableFuture.failedFuture(new IOException("all " + maxInFlight + " calls to " + uri
            + " were still in flight after " + slotWait.toMillis() + " ms"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(e);
    }
    Request.Builder request = new Request.Builder().url(uri.toString()).post(RequestBody.create(frame, JSON));
    headers.forEach(request::header);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    done.whenComplete((v, e) -> inFlight.release());
    try {
      client.newCall(request.build()).enqueue(new Callback() {
        @Override
        public void onFailure(Call call, IOException e) {
          done.completeExceptionally(closed.get() ? new IOException(name + " is closed", e) : e);
        }

        @Override
        public void onResponse(Call call, Response response) {
          answer(frame, response, done);
        }
      });
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  private void answer(String frame, Response response, CompletableFuture<Void> done) {
    String body;
    int status;
    try (response) {
      status = response.code();
      body = boundedBody(response.body());
    } catch (IOException e) {
      done.completeExceptionally(e);
      return;
    }
    String text = status == 200 ? body : status == 204 ? null : HttpErrors.responsesFor(frame, status, body);
    if (text == null) {
      done.complete(null);
      return;
    }
    try {
      reader.execute(() -> {
        try {
          Listener l = listener;
          if (l != null && !closed.get()) {
            l.onFrame(text);
          }
        } finally {
          done.complete(null);
        }
      });
    } catch (RejectedExecutionException closing) {
      done.completeExceptionally(new IOException(name + " is closed"));
    }
  }

  /** The body as text, refused when it is longer than {@code maxResponseBytes}. */
  private String boundedBody(ResponseBody body) throws IOException {
    long declared = body.contentLength();
    BufferedSource source = body.source();
    if (declared > maxResponseBytes || source.request(maxResponseBytes + 1)) {
      throw new IOException("the response from " + uri + " is larger than " + maxResponseBytes + " bytes");
    }
    return source.getBuffer().readUtf8();
  }

  /** Cancels calls in flight, releases connections and threads; the listener hears once. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      shutdown(null);
    }
  }

  private void shutdown(@Nullable Throwable cause) {
    if (calls != null) {
      client.dispatcher().cancelAll();
      client.connectionPool().evictAll();
      calls.shutdown();
    }
    try {
      reader.execute(() -> report(cause));
    } catch (RejectedExecutionException alreadyStopped) {
      report(cause);
    }
    reader.shutdown();
  }

  private void report(@Nullable Throwable cause) {
    Listener l = listener;
    if (l != null && reported.compareAndSet(false, true)) {
      l.onClosed(cause);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** False: POST carries answers only, never events (the client polls a process's output instead). */
  @Override
  public boolean carriesEvents() {
    return false;
  }

  @Override
  public String toString() {
    return name + " -> " + uri;
  }

  /** Builds an {@link HttpRpcTransport}. */
  public static final class Builder extends TransportBuilder<Builder> {
    private Duration callTimeout = Duration.ofMinutes(6);
    private int maxInFlight = 64;
    private Duration slotWait = Duration.ofSeconds(30);
    private long maxResponseBytes = 32 << 20;
    private @Nullable OkHttpClient okHttpClient;

    private Builder(URI uri) {
      super(uri, "http", "https");
    }

    /**
     * How long one call may take end to end (default 6 minutes, above the default
     * {@code hard_timeout_ms} so a long {@code exec.wait} is not cut short).
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = timeout;
      return this;
    }

    /** How many calls may be in flight at once (default 64); further sends wait, at most {@link #slotWait}. */
    public Builder maxInFlight(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1");
      }
      this.maxInFlight = max;
      return this;
    }

    /** How long a send may wait for one of the {@code maxInFlight} slots before it fails (default 30 s). */
    public Builder slotWait(Duration wait) {
      this.slotWait = wait;
      return this;
    }

    /** The longest response body accepted (default 32 MiB); a longer one fails its call. */
    public Builder maxResponseBytes(long max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxResponseBytes must be positive");
      }
      this.maxResponseBytes = max;
      return this;
    }

    /**
     * Sends through a client derived from {@code client} ({@link OkHttpClient#newBuilder()}): its
     * dispatcher, connection pool, proxy, interceptors, event listener and TLS settings stay; this
     * builder's call timeout and, if set, {@link #tls} apply on top, and its {@code connectTimeout}
     * does not. Closing the transport leaves the shared client running. Its dispatcher's
     * {@code maxRequestsPerHost} (OkHttp's default is 5) caps the calls really on the wire: raise
     * it to {@link #maxInFlight} when many commands are followed at once.
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = java.util.Objects.requireNonNull(client, "client");
      return this;
    }

    public HttpRpcTransport build() {
      return new HttpRpcTransport(this);
    }
  }
}
