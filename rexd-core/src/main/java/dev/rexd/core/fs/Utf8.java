package dev.rexd.core.fs;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Strict UTF-8 decoding: bytes that are not valid UTF-8 give {@code null} rather than replacement
 * characters, so content is never silently altered.
 *
 * <pre>{@code
 * String text = Utf8.decode(bytes);
 * if (text == null) { ... send base64 instead ... }
 * }</pre>
 */
final class Utf8 {
  private Utf8() {}

  /** The text {@code bytes} encode, or {@code null} when they are not valid UTF-8. */
  static @Nullable String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
