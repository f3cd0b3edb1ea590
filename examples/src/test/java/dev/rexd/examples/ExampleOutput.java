package dev.rexd.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs an example's {@code main} and returns what it printed on stdout.
 *
 * <pre>{@code
 * String transcript = ExampleOutput.of(QuickStart::main);
 * }</pre>
 */
final class ExampleOutput {
  /** An example's {@code main}. */
  interface Main {
    void run(String[] args) throws Exception;
  }

  private ExampleOutput() {}

  static String of(Main main, String... args) throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      main.run(args);
    } finally {
      System.setOut(stdout);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
