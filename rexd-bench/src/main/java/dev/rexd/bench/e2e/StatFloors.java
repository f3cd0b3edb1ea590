package dev.rexd.bench.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * The echoes a transport's {@code fs.stat} round trip is compared with, each connected and
 * answering until {@link #close()}: the in-memory transport echo, {@code cat} on a pipe, or, for
 * WebSocket, the minimal RFC 6455 server and a Jakarta echo on the same Jetty as that of the
 * server {@code bin/rexd --http} runs, the floor of the WebSocket target.
 *
 * <pre>{@code
 * try (StatFloors floors = StatFloors.open("websocket")) {
 *   long nanos = floors.echoes().get(0).roundTrip(frame);
 * }
 * }</pre>
 */
final class StatFloors implements AutoCloseable {
  /** The floor of each echo, in the order of {@link #echoes()}. */
  private final List<String> names = new ArrayList<>();
  private final List<Echo> echoes = new ArrayList<>();
  private final List<AutoCloseable> servers = new ArrayList<>();

  private StatFloors() {}

  static StatFloors open(String transport) throws Exception {
    StatFloors f = new StatFloors();
    try {
      switch (transport) {
        case "in-process" -> f.add("in-memory transport echo", Echo.inMemory());
        case "stdio" -> f.add("pipe echo (cat)", Echo.pipe());
        case "websocket" -> {
          MiniWebSocketEcho mini = MiniWebSocketEcho.start();
          f.servers.add(mini);
          f.add("WebSocket echo (minimal server)", Echo.websocket(mini.uri()));
          JettyWebSocketEcho jetty = JettyWebSocketEcho.start();
          f.servers.add(jetty);
          f.add("WebSocket echo on the same Jetty", Echo.websocket(jetty.uri()));
        }
        default -> throw new IllegalArgumentException("unknown transport " + transport);
      }
      return f;
    } catch (Exception | Error e) {
      f.close();
      throw e;
    }
  }

  private void add(String name, Echo echo) {
    names.add(name);
    echoes.add(echo);
  }

  List<String> names() {
    return names;
  }

  List<Echo> echoes() {
    return echoes;
  }

  @Override
  public void close() throws Exception {
    for (Echo e : echoes) {
      e.close();
    }
    for (AutoCloseable s : servers) {
      s.close();
    }
  }
}
