package example;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;

/** A web application whose service runs commands through the auto-configured RexdClient. */
@SpringBootApplication
public class App {
  public static void main(String[] args) {
    SpringApplication.run(App.class, args);
  }

  @Service
  public static class Builds {
    private final RexdClient rexd;

    public Builds(RexdClient rexd) {
      this.rexd = rexd;
    }

    /** Writes a build script on the target and runs it. */
    public String build(String name) {
      try (RexdSession session = rexd.openSession("builds")) {
        session.fs().writeString("build.sh", "echo building " + name + "\n");
        return session.exec("sh", "build.sh").run().stdout();
      }
    }
  }
}
