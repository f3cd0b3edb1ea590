package example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

class AppTest {
  @TempDir Path root;

  @Test
  void theApplicationUsesItsJacksonAndRexdTogether() throws Exception {
    // the application's Jackson 2, as Spring Boot 3.5 manages it: jackson-annotations without the
    // annotations Jackson 3 needs, which used to break rexd
    assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMinorVersion()).isEqualTo(19);
    assertThatThrownBy(() -> Class.forName("com.fasterxml.jackson.annotation.JsonSerializeAs"))
        .isInstanceOf(ClassNotFoundException.class);

    ListAppender<ILoggingEvent> log = new ListAppender<>();
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE).run("--app.root=" + root)) {
      log.start();
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);

      App.OrderDesk desk = app.getBean(App.OrderDesk.class);
      String bytes = desk.fileAndCount(new App.Order("coffee", 3));

      String written = Files.readString(root.resolve("order.json"));
      assertThat(written).isEqualTo("{\"item\":\"coffee\",\"quantity\":3}");
      assertThat(bytes).isEqualTo(String.valueOf(written.length()));
      assertThat(desk.readBack()).isEqualTo(new App.Order("coffee", 3));
    }
    // rexd's System.Logger reaches the application's logging (JUL bridged to SLF4J by Spring Boot)
    assertThat(log.list).anySatisfy(e -> {
      assertThat(e.getLoggerName()).startsWith("dev.rexd.core.");
      assertThat(e.getFormattedMessage()).contains("ignoring rexd.spawn=sideways");
    });
  }
}
