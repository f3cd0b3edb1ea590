package dev.rexd.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Docs show running code: every Java block of the README's "Using the client" section is copied
 * from the examples' sources (indentation aside), so it compiles and its tests run.
 */
class ReadmeSnippetTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyJavaBlockIsCopiedFromTheExamples() throws IOException {
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        sources.add(normalized(Files.readString(f)));
      }
    }
    String text = Files.readString(Path.of("../README.md"));
    int at = text.indexOf("\n## Using the client");
    assertThat(at).as("the README has a 'Using the client' section").isNotNegative();
    int end = text.indexOf("\n## ", at + 1);
    List<String> blocks = javaBlocks(text.substring(at, end < 0 ? text.length() : end));
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
    for (String block : blocks) {
      String wanted = normalized(block);
      assertThat(sources).as("copied from examples/src/main/java:\n%s", block).anyMatch(s -> s.contains(wanted));
    }
  }

  private static List<String> javaBlocks(String markdown) {
    List<String> out = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(markdown);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Each line without its indentation, so a block may be shifted left. */
  private static String normalized(String code) {
    return code.lines().map(String::strip).collect(Collectors.joining("\n", "\n", "\n"));
  }
}
