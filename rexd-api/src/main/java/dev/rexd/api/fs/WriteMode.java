package dev.rexd.api.fs;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How {@code fs.write} treats an existing file.
 *
 * {@code
 * WriteMode m = WriteMode.CREATE; // fails with -32006 "exists" if the path exists
 * }
 */
public enum WriteMode {
  @JsonProperty("replace")
  REPLACE,
  @JsonProperty("create")
  CREATE,
  @JsonProperty("append")
  APPEND
}
