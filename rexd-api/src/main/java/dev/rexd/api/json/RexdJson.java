package dev.rexd.api.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper every REXD peer uses: snake_case on the wire, unknown fields ignored,
 * absent (null) fields omitted.
 *
 * <pre>{@code
 * String json = RexdJson.mapper().writeValueAsString(new FsStatParams(sid, "a.txt"));
 * // {"session_id":"...","path":"a.txt"}
 * }</pre>
 */
public final class RexdJson {
  private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          // REXD reads and writes on platform threads: a buffer per thread needs no synchronised pool
          .recyclerPool(JsonRecyclerPools.threadLocalPool())
          .build())
      .addModule(new RecordCreators())
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .changeDefaultPropertyInclusion(incl -> JsonInclude.Value.construct(
          JsonInclude.Include.NON_ABSENT, JsonInclude.Include.NON_ABSENT))
      .build();

  private RexdJson() {}

  /** The shared, immutable, thread-safe mapper. */
  public static JsonMapper mapper() {
    return MAPPER;
  }
}
