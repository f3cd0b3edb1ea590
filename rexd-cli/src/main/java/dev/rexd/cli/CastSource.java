package dev.rexd.cli;

import dev.rexd.api.RexdMethods;
import dev.rexd.api.recording.RecordingGetParams;
import dev.rexd.api.recording.RecordingGetResult;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdClientException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where {@code rexd play} and {@code rexd cat} read a recording from: a file, an {@code http(s)}
 * URL (with {@code $REXD_AUTH_TOKEN} as the bearer token when set), or a recording id fetched
 * from a target with {@code recording.get}.
 *
 * <pre>{@code
 * InputStream in = CastSource.open("rec_5c…", "prod", this::connect, env);
 * }</pre>
 */
final class CastSource {
  private CastSource() {}

  /** Thrown for a source that cannot be read; its message is one line for the user. */
  static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  static InputStream open(String source, @Nullable String target, Function<String, RexdClient> connect,
      Map<String, String> env) {
    if (target != null) {
      return fetch(source, target, connect);
    }
    if (source.startsWith("http://") || source.startsWith("https://")) {
      return download(source, env.get("REXD_AUTH_TOKEN"));
    }
    try {
      return Files.newInputStream(Path.of(source));
    } catch (NoSuchFileException e) {
      throw new Unreadable(source + ": no such file" + (source.startsWith("rec_") ? " (a recording id needs --target)" : ""));
    } catch (IOException e) {
      throw new Unreadable(source + ": " + e.getMessage());
    }
  }

  private static InputStream fetch(String id, String target, Function<String, RexdClient> connect) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try (RexdClient client = connect.apply(target)) {
      long offset = 0;
      while (true) {
        RecordingGetResult r = client.call(RexdMethods.RECORDING_GET, new RecordingGetParams(id, offset, null));
        byte[] bytes = r.encoding().decode(r.content());
        all.writeBytes(bytes);
        offset += bytes.length;
        if (r.eof() || bytes.length == 0) {
          return new ByteArrayInputStream(all.toByteArray());
        }
      }
    } catch (RexdClientException e) {
      throw new Unreadable("recording " + id + " on " + target + ": " + e.getMessage());
    }
  }

  private static InputStream download(String url, @Nullable String token) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null && !token.isEmpty()) {
      req.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<InputStream> resp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
          .send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
      if (resp.statusCode() != 200) {
        resp.body().close();
        throw new Unreadable(url + ": HTTP " + resp.statusCode()
            + (resp.statusCode() == 401 ? " (set REXD_AUTH_TOKEN)" : ""));
      }
      return resp.body();
    } catch (IOException e) {
      throw new Unreadable(url + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted"));
    }
  }
}
