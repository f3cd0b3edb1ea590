package dev.rexd.agent;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The MIME type of bytes, from their first bytes (magic numbers) and else the file name's
 * extension: enough to tell a model what a binary file or output is, and to send images as images.
 *
 * <pre>{@code
 * String type = MimeTypes.of(bytes, "logo.png");   // image/png
 * }</pre>
 */
final class MimeTypes {
  static final String OCTET_STREAM = "application/octet-stream";

  private static final Map<String, String> IMAGES = Map.of(
      "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp");

  private static final Map<String, String> OTHERS = Map.ofEntries(
      Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"), Map.entry("jar", "application/java-archive"),
      Map.entry("gz", "application/gzip"), Map.entry("tgz", "application/gzip"), Map.entry("tar", "application/x-tar"),
      Map.entry("class", "application/java-vm"), Map.entry("so", "application/x-sharedlib"),
      Map.entry("ico", "image/vnd.microsoft.icon"), Map.entry("bmp", "image/bmp"), Map.entry("mp3", "audio/mpeg"),
      Map.entry("mp4", "video/mp4"), Map.entry("wasm", "application/wasm"), Map.entry("sqlite", "application/vnd.sqlite3"));

  private MimeTypes() {}

  /** The type of {@code bytes} (only the first few are looked at); {@code name} may be empty. */
  static String of(byte[] bytes, String name) {
    String magic = magic(bytes);
    if (magic != null) {
      return magic;
    }
    String ext = name.lastIndexOf('.') < 0 ? "" : name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return IMAGES.getOrDefault(ext, OTHERS.getOrDefault(ext, OCTET_STREAM));
  }

  /** Whether models take this type as an image. */
  static boolean isImage(String mimeType) {
    return IMAGES.containsValue(mimeType);
  }

  private static @Nullable String magic(byte[] b) {
    if (starts(b, 0x89, 'P', 'N', 'G')) {
      return "image/png";
    }
    if (starts(b, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (starts(b, 'G', 'I', 'F', '8')) {
      return "image/gif";
    }
    if (starts(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return "image/webp";
    }
    if (starts(b, '%', 'P', 'D', 'F')) {
      return "application/pdf";
    }
    if (starts(b, 0x1F, 0x8B)) {
      return "application/gzip";
    }
    if (starts(b, 'P', 'K', 3, 4)) {
      return "application/zip";
    }
    if (starts(b, 0x7F, 'E', 'L', 'F')) {
      return "application/x-executable";
    }
    if (starts(b, 0xCA, 0xFE, 0xBA, 0xBE)) {
      return "application/java-vm";
    }
    return null;
  }

  private static boolean starts(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
