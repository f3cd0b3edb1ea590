package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client subcommands of {@code bin/rexd} against a real target: {@code targets.json} names
 * {@code local}, a stdio target running {@code bin/rexd --stdio} on a temporary root, and the
 * process gets {@code REXD_TARGETS} pointing at that file.
 *
 * <pre>{@code
 * ClientCli cli = new ClientCli(tmp);
 * ClientCli.Result r = cli.run("", "exec", "--target", "local", "--", "true");
 * }</pre>
 */
final class ClientCli {
  final Path dir;
  final Path root;
  final Path targets;

  /** What one run of {@code bin/rexd} did. */
  record Result(int code, String out, String err) {}

  ClientCli(Path tmp) throws IOException {
    this.dir = tmp.toRealPath();
    this.root = Files.createDirectories(dir.resolve("work"));
    Path config = Files.writeString(dir.resolve("rexd.toml"), "[[security.allowed_roots]]\npath = '" + root + "'\n");
    this.targets = Files.writeString(dir.resolve("targets.json"), """
        {"version": 1, "targets": {
          "local": {"transport": "stdio", "command": ["%s", "--stdio", "--config", "%s"]}
        }}
        """.formatted(RexdProcess.script(), config));
  }

  /** Adds a target to {@code targets.json}: its name and its JSON object. */
  void addTarget(String name, String json) throws IOException {
    Files.writeString(targets, Files.readString(targets).replace("\"targets\": {", "\"targets\": {\"" + name + "\": "
        + json + ","));
  }

  /** Starts {@code bin/rexd ARGS} with {@code REXD_TARGETS} set, stderr to a file next to the root. */
  Process start(List<String> args, Path stderr) throws IOException {
    ProcessBuilder pb = RexdProcess.builder(args).directory(dir.toFile()).redirectError(stderr.toFile());
    pb.environment().put(ClientCommand.TARGETS_ENV, targets.toString());
    return pb.start();
  }

  /** Runs {@code bin/rexd ARGS} with this stdin to its end. */
  Result run(String stdin, String... args) throws Exception {
    Path err = dir.resolve("stderr-" + System.nanoTime());
    Process p = start(List.of(args), err);
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out, Files.readString(err));
  }
}
