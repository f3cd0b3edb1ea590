package dev.rexd.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a string field carries bytes: as UTF-8 text or as base64.
 *
 * <pre>{@code
 * byte[] bytes = Encoding.BASE64.decode("aGk="); // "hi"
 * }</pre>
 */
public enum Encoding {
  @JsonProperty("utf8")
  UTF8,
  @JsonProperty("base64")
  BASE64;

  /** The bytes a field in this encoding stands for. */
  public byte[] decode(String data) {
    if (this == UTF8) {
      return data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    try {
      return java.util.Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "data is not valid base64");
    }
  }

  /** The wire name, {@code utf8} or {@code base64}. */
  public String wireName() {
    return this == UTF8 ? "utf8" : "base64";
  }
}
