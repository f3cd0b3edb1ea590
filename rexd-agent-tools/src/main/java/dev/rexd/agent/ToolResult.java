package dev.rexd.agent;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a tool call gives back to the model: text and images, and whether the call failed (the
 * text then says why, in a sentence the model can act on).
 *
 * <pre>{@code
 * ToolResult r = tools.call("read", Map.of("path", "README.md"));
 * String text = r.text();
 * }</pre>
 */
public record ToolResult(List<Content> content, boolean isError) {
  /** One part of a result. */
  public sealed interface Content permits Text, Image {}

  /** Text for the model. */
  public record Text(String text) implements Content {}

  /** An image: its bytes in base64 and its MIME type. */
  public record Image(String base64, String mimeType) implements Content {}

  public ToolResult {
    content = List.copyOf(content);
  }

  /** A successful result of one text. */
  public static ToolResult text(String text) {
    return new ToolResult(List.of(new Text(text)), false);
  }

  /** A failed call, explained. */
  public static ToolResult error(String message) {
    return new ToolResult(List.of(new Text(message)), true);
  }

  /** The text parts joined by newlines (images left out). */
  public String text() {
    return content.stream().filter(Text.class::isInstance).map(c -> ((Text) c).text())
        .collect(Collectors.joining("\n"));
  }
}
