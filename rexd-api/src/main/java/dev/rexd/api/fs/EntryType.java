package dev.rexd.api.fs;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The type of a directory entry or stat result.
 *
 * <pre>{@code
 * boolean isDir = entry.type() == EntryType.DIR;
 * }</pre>
 */
public enum EntryType {
  @JsonProperty("file")
  FILE,
  @JsonProperty("dir")
  DIR,
  @JsonProperty("symlink")
  SYMLINK,
  @JsonProperty("other")
  OTHER
}
