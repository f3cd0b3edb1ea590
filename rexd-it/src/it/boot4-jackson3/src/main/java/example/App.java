package example;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import dev.rexd.core.RexdServer;
import tools.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A Spring Boot 4 application on Jackson 3 with an embedded rexd server. */
@SpringBootApplication
public class App {
  public static void main(String[] args) {
    SpringApplication.run(App.class, args);
  }

  @Bean(destroyMethod = "close")
  RexdServer rexdServer(@Value("${app.root}") Path root) {
    return RexdServer.builder().allowedRoot(root).build();
  }

  @Bean(destroyMethod = "close")
  RexdClient rexdClient(RexdServer server) {
    return RexdClient.inProcess(server::connect);
  }

  /** What the application does: stores an order as JSON (its own Jackson), then has rexd run a command on it. */
  @Bean
  OrderDesk orderDesk(RexdClient rexd, JsonMapper json) {
    return new OrderDesk(rexd, json);
  }

  public record Order(String item, int quantity) {}

  public record OrderDesk(RexdClient rexd, JsonMapper json) {
    public String fileAndCount(Order order) throws Exception {
      try (RexdSession session = rexd.openSession("order-desk")) {
        session.fs().writeString("order.json", json.writeValueAsString(order));
        return session.shell("wc -c < order.json").run().stdout().strip();
      }
    }

    public Order readBack() throws Exception {
      try (RexdSession session = rexd.openSession("order-desk")) {
        return json.readValue(session.exec("cat", "order.json").run().stdout(), Order.class);
      }
    }
  }
}
