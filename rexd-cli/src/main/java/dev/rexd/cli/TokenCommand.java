package dev.rexd.cli;

import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rexd token hash [--name N] [--role R]}: reads a token from stdin (or makes a random one
 * with {@code --new}, printed once on stderr) and prints the {@code [[auth.tokens]]} entry holding
 * its SHA-256, so the config never holds the token itself. The token is never an argument, so it
 * stays out of the shell history and the process list.
 *
 * <pre>{@code
 * echo -n "$TOKEN" | rexd token hash --name ci-bot --role agent >> /etc/rexd/rexd.toml
 * rexd token hash --new --name alice --role operator
 * }</pre>
 */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = RexdMain.Version.class,
    description = "Print the config entry for a token: rexd token hash [--new] [--name N] [--role R].")
final class TokenCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ACTION", description = "hash")
  String action = "";

  @Option(names = "--name", paramLabel = "NAME", description = "The principal's name (default: token).")
  String name = "token";

  @Option(names = "--role", paramLabel = "ROLE", description = "agent, viewer or operator (default: agent).")
  String role = "agent";

  @Option(names = "--new", description = "Make a random token (printed on stderr) instead of reading stdin.")
  boolean fresh;

  private final PrintStream out;
  private final PrintStream err;

  TokenCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    if (!action.equals("hash")) {
      err.println("rexd: token: the only action is 'hash', not '" + action + "'");
      return 2;
    }
    try {
      Role.parse(role);
    } catch (IllegalArgumentException e) {
      err.println("rexd: token hash: " + e.getMessage());
      return 2;
    }
    String token;
    if (fresh) {
      byte[] b = new byte[32];
      new SecureRandom().nextBytes(b);
      token = HexFormat.of().formatHex(b);
      err.println("new token (shown once): " + token);
    } else {
      token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (token == null || token.isBlank()) {
        err.println("rexd: token hash: give the token on stdin (echo -n \"$TOKEN\" | rexd token hash), or --new");
        return 2;
      }
      token = token.strip();
    }
    out.println("[[auth.tokens]]");
    out.println("name = \"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    out.println("token_sha256 = \"" + TokenTable.sha256Hex(token) + "\"");
    out.println("role = \"" + role + "\"");
    out.flush();
    return 0;
  }
}
