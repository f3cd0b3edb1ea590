package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.RexdServer;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A client whose class path lacks an optional library gets a {@code RexdTransportException} that
 * names the artifact to add, never a {@link NoClassDefFoundError}: the client runs in a class
 * loader that hides the library, as a consumer project without that dependency would.
 */
class MissingLibraryTest {
  @TempDir Path root;

  /** Loads every class itself (from the test class path) except those under the hidden prefixes. */
  static final class Hiding extends ClassLoader {
    private final ClassLoader source = MissingLibraryTest.class.getClassLoader();
    private final List<String> hiddenClasses;
    private final List<String> hiddenResources;

    Hiding(List<String> hiddenClasses, List<String> hiddenResources) {
      super(ClassLoader.getPlatformClassLoader());
      this.hiddenClasses = hiddenClasses;
      this.hiddenResources = hiddenResources;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      if (hiddenClasses.stream().anyMatch(name::startsWith)) {
        throw new ClassNotFoundException(name + " (hidden by the test)");
      }
      try (InputStream in = source.getResourceAsStream(name.replace('.', '/') + ".class")) {
        if (in == null) {
          throw new ClassNotFoundException(name);
        }
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }

    @Override
    protected URL findResource(String name) {
      List<URL> all = visible(name);
      return all.isEmpty() ? null : all.get(0);
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
      return Collections.enumeration(visible(name));
    }

    private List<URL> visible(String name) {
      List<URL> out = new ArrayList<>();
      try {
        for (URL u : Collections.list(source.getResources(name))) {
          if (hiddenResources.stream().noneMatch(h -> u.toString().contains(h))) {
            out.add(u);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out;
    }
  }

  /** Runs in the hiding loader: connects to a target and makes one call; returns "ok" or the failure. */
  public static final class Probe implements Callable<String> {
    private final String json;

    public Probe(String json) {
      this.json = json;
    }

    @Override
    public String call() {
      try (dev.rexd.client.RexdClient c = dev.rexd.client.RexdTargets.parse(json).connect("t");
           dev.rexd.client.RexdSession s = c.openSession("probe")) {
        return "ok " + s.id().startsWith("sess_");
      } catch (RuntimeException | Error e) {
        return e.getClass().getName() + ": " + e.getMessage();
      }
    }
  }

  private static String probe(Hiding loader, String json) throws Exception {
    Class<?> probe = Class.forName(Probe.class.getName(), true, loader);
    try {
      return (String) ((Callable<?>) probe.getConstructor(String.class).newInstance(json)).call();
    } catch (InvocationTargetException e) {
      throw new AssertionError(e.getCause());
    }
  }

  private static String target(String transport, String url) {
    return "{\"version\": 1, \"targets\": {\"t\": {\"transport\": \"" + transport + "\", \"url\": \"" + url
        + "\", \"token\": \"tok\"}}}";
  }

  @ParameterizedTest(name = "{0} without {1}")
  @CsvSource(delimiter = '|', textBlock = """
      http | okhttp3.          | com.squareup.okhttp3:okhttp-jvm
      ws   | org.glassfish.tyrus. | org.glassfish.tyrus.bundles:tyrus-standalone-client
      ws   | jakarta.websocket. | jakarta.websocket:jakarta.websocket-client-api
      """)
  void aMissingLibraryIsATransportExceptionNamingItsArtifact(String transport, String hidden, String artifact)
      throws Exception {
    String url = transport.equals("http") ? "http://127.0.0.1:9/rpc" : "ws://127.0.0.1:9/ws";
    String outcome = probe(new Hiding(List.of(hidden), List.of()), target(transport, url));
    assertThat(outcome).startsWith("dev.rexd.client.RexdTransportException: ").contains(artifact)
        .doesNotContain("NoClassDefFoundError");
  }

  @Test
  void withoutTheTransportModuleTheMessageNamesIt() throws Exception {
    Hiding loader = new Hiding(List.of("dev.rexd.transport.http.client.", "dev.rexd.transport.http.server."),
        List.of("rexd-transport-http/target/classes", "rexd-transport-http-"));
    assertThat(probe(loader, target("ws", "ws://127.0.0.1:9/ws")))
        .startsWith("dev.rexd.client.RexdTransportException: ").contains("dev.rexd:rexd-transport-http")
        .contains("org.glassfish.tyrus.bundles:tyrus-standalone-client");
  }

  @Test
  void anHttpTargetWorksWithOkHttpAloneWithoutTyrusOrTheWebSocketApi() throws Exception {
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build();
         RexdHttpServer http = TestServers.http(server).token("tok").start()) {
      Hiding loader = new Hiding(List.of("org.glassfish.tyrus.", "jakarta.websocket."), List.of());
      assertThat(probe(loader, target("http", http.rpcUri().toString()))).isEqualTo("ok true");
    }
  }
}
