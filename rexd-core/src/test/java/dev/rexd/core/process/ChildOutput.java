package dev.rexd.core.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * Everything a child wrote on its stdout (a terminal's output for a child on one), read to its
 * end, returned once the child has exited (10 s at most).
 *
 * <pre>{@code
 * String text = ChildOutput.of(new PtySpawner().spawn(spec));
 * }</pre>
 */
final class ChildOutput {
  private ChildOutput() {}

  static String of(Child child) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = child.stdout()) {
      in.transferTo(out);
    } catch (IOException e) {
      // Linux ends a terminal's output with EIO once the program has gone
    }
    child.exit().get(10, TimeUnit.SECONDS);
    return out.toString(UTF_8);
  }
}
