package dev.rexd.transport.http.client;

import dev.rexd.client.RexdTransportException;
import java.util.List;
import java.util.Map;

/**
 * The optional libraries each client transport needs, checked before any class of theirs is
 * touched, so that a missing one is a {@link RexdTransportException} naming the exact artifact to
 * add instead of a {@link NoClassDefFoundError} on the first call.
 *
 * <pre>{@code
 * Libraries.require(Libraries.POST, url);   // before HttpRpcTransport is used
 * }</pre>
 */
final class Libraries {
  /** A class that stands for an artifact: when it is missing, so is the artifact. */
  record Needed(String className, String artifact) {}

  /** What {@link HttpRpcTransport} needs: OkHttp and what OkHttp itself needs. */
  static final List<Needed> POST = List.of(
      new Needed("okhttp3.OkHttpClient", "com.squareup.okhttp3:okhttp-jvm"),
      new Needed("okio.BufferedSource", "com.squareup.okio:okio-jvm"),
      new Needed("kotlin.jvm.internal.Intrinsics", "org.jetbrains.kotlin:kotlin-stdlib"));

  /** What {@link WebSocketTransport} needs: the Jakarta WebSocket client API and Tyrus. */
  static final List<Needed> WEBSOCKET = List.of(
      new Needed("jakarta.websocket.CloseReason$CloseCode", "jakarta.websocket:jakarta.websocket-client-api"),
      new Needed("org.glassfish.tyrus.client.ClientManager", "org.glassfish.tyrus.bundles:tyrus-standalone-client"));

  private static final Map<String, String> BY_PACKAGE = Map.of(
      "okhttp3/", "com.squareup.okhttp3:okhttp-jvm",
      "okio/", "com.squareup.okio:okio-jvm",
      "kotlin/", "org.jetbrains.kotlin:kotlin-stdlib",
      "jakarta/websocket/", "jakarta.websocket:jakarta.websocket-client-api",
      "org/glassfish/tyrus/", "org.glassfish.tyrus.bundles:tyrus-standalone-client");

  private Libraries() {}

  /** Fails unless every library in {@code needed} is on this module's class path. */
  static void require(List<Needed> needed, Object target) {
    ClassLoader loader = Libraries.class.getClassLoader();
    for (Needed n : needed) {
      try {
        Class.forName(n.className(), false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw missing(target, n.artifact(), e);
      }
    }
  }

  /**
   * The exception for a class that could not be linked after all (a library too old or partly
   * present): the artifact it belongs to, when known.
   */
  static RexdTransportException missing(Object target, NoClassDefFoundError e) {
    String name = String.valueOf(e.getMessage());
    for (Map.Entry<String, String> p : BY_PACKAGE.entrySet()) {
      if (name.startsWith(p.getKey()) || name.startsWith(p.getKey().replace('/', '.'))) {
        return missing(target, p.getValue(), e);
      }
    }
    return new RexdTransportException("cannot reach " + target + ": class " + name + " is missing from the class path",
        e);
  }

  private static RexdTransportException missing(Object target, String artifact, Throwable cause) {
    return new RexdTransportException("cannot reach " + target + ": the library " + artifact
        + " is not on the class path; add it as a dependency", cause);
  }
}
