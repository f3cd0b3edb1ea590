package dev.rexd.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** QuickStart against the real {@code bin/rexd --stdio} of this checkout. */
class QuickStartTest {

  @Test
  void printsItsTranscriptReturnsNormallyAndLeavesNothingBehind() throws Exception {
    String transcript = ExampleOutput.of(QuickStart::main);
    System.out.print(transcript);

    assertThat(transcript)
        .startsWith("connected to rexd ")
        .contains("$ uname -sr\n" + System.getProperty("os.name"))
        .contains("wrote hello.txt: Hello, world!")
        .contains("edited hello.txt (1 replacement): Hello, REXD!")
        .contains("tick 1\ntick 2\ntick 3\n")
        .containsPattern("\\$ ls -l\n.* hello\\.txt\n\\[exit 0]")
        .endsWith("done: session closed, server stopped\n");
    Matcher root = Pattern.compile("root (\\S+)").matcher(transcript);
    assertThat(root.find()).isTrue();
    assertThat(Path.of(root.group(1)).getParent()).doesNotExist();
  }
}
