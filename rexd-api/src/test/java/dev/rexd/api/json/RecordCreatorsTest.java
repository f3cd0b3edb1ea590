package dev.rexd.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rexd.api.exec.ExecStartParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

public class RecordCreatorsTest {
  /** Jackson as it comes, with the wire's naming: what the records must decode exactly like. */
  private static final JsonMapper PLAIN = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** The classes on the stack of the latest {@link Range} construction. */
  private static final List<String> CALLERS = new ArrayList<>();

  /** A public record with a check in its constructor. */
  public record Range(int from, int to) {
    public Range {
      CALLERS.clear();
      StackWalker.getInstance().forEach(f -> CALLERS.add(f.getClassName()));
      if (from > to) {
        throw new IllegalArgumentException("from after to");
      }
    }
  }

  private record Hidden(String name) {}

  @Test
  void aPublicRecordIsBuiltThroughTheSpreadingHandle() {
    assertThat(RexdJson.mapper().readValue("{\"from\":1,\"to\":2}", Range.class)).isEqualTo(new Range(1, 2));

    RexdJson.mapper().readValue("{\"from\":1,\"to\":2}", Range.class);
    assertThat(CALLERS).contains(RecordCreators.class.getName() + "$Spreading");
  }

  @Test
  void aConstructorThatThrowsFailsAsJacksonReportsIt() {
    String json = "{\"from\":3,\"to\":2}";
    Throwable plain = catchThrowable(() -> PLAIN.readValue(json, Range.class));

    assertThatThrownBy(() -> RexdJson.mapper().readValue(json, Range.class))
        .isInstanceOf(ValueInstantiationException.class)
        .hasMessage(plain.getMessage())
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .hasRootCauseMessage("from after to");
  }

  @Test
  void wireRecordsDecodeAsPlainJacksonDecodesThem() {
    String json = "{\"session_id\":\"s\",\"argv\":[\"ls\",\"-l\"],\"cwd\":\"src\",\"env\":{\"A\":\"1\"},"
        + "\"timeout_ms\":5000,\"stdin\":\"\",\"tty\":true,\"cols\":80,\"rows\":24,\"unknown\":7}";

    assertThat(RexdJson.mapper().readValue(json, ExecStartParams.class))
        .isEqualTo(PLAIN.readValue(json, ExecStartParams.class));
  }

  @Test
  void aRecordOutsideThePublicApiStillDecodes() {
    assertThat(RexdJson.mapper().readValue("{\"name\":\"x\"}", Hidden.class)).isEqualTo(new Hidden("x"));
  }
}
