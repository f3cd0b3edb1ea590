package dev.rexd.api.fs;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How {@code fs.write} treats an existing file.
 *
 * <pre>{@code
 * WriteMode m = WriteMode.CREATE; // fails with -32006 "exists" if the path exists
 * }</pre>
 */
public enum WriteMode {
  @JsonProperty("replace")
  REPLACE,
  @JsonProperty("create")
  CREATE,
  @JsonProperty("append")
  APPEND
}
