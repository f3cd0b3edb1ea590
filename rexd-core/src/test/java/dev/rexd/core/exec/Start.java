package dev.rexd.core.exec;

import dev.rexd.api.exec.ExecStartParams;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A test builder for {@link ExecStartParams}. */
final class Start {
  private final String sessionId;
  private @Nullable List<String> argv;
  private @Nullable Boolean shell;
  private @Nullable Boolean login;
  private @Nullable String command;
  private @Nullable String cwd;
  private @Nullable Map<String, String> env;
  private @Nullable String stdin;
  private @Nullable Long timeoutMs;
  private @Nullable Long maxOutputBytes;
  private @Nullable Boolean detach;
  private @Nullable Boolean tty;
  private @Nullable Integer cols;
  private @Nullable Integer rows;
  private @Nullable Boolean stripAnsi;

  private Start(String sessionId) {
    this.sessionId = sessionId;
  }

  static Start argv(String sessionId, String... argv) {
    Start s = new Start(sessionId);
    s.argv = List.of(argv);
    return s;
  }

  static Start sh(String sessionId, String command) {
    Start s = new Start(sessionId);
    s.shell = true;
    s.command = command;
    return s;
  }

  Start login() {
    login = true;
    return this;
  }

  Start cwd(String v) {
    cwd = v;
    return this;
  }

  Start env(Map<String, String> v) {
    env = v;
    return this;
  }

  Start stdin(String v) {
    stdin = v;
    return this;
  }

  Start timeoutMs(long v) {
    timeoutMs = v;
    return this;
  }

  Start maxOutputBytes(long v) {
    maxOutputBytes = v;
    return this;
  }

  Start detach() {
    detach = true;
    return this;
  }

  Start command(String v) {
    command = v;
    return this;
  }

  Start tty() {
    tty = true;
    return this;
  }

  Start size(@Nullable Integer c, @Nullable Integer r) {
    cols = c;
    rows = r;
    return this;
  }

  Start stripAnsi() {
    stripAnsi = true;
    return this;
  }

  Start shell() {
    shell = true;
    return this;
  }

  ExecStartParams build() {
    return new ExecStartParams(sessionId, argv, shell, login, command, cwd, env, stdin, timeoutMs, maxOutputBytes,
        detach, tty, cols, rows, stripAnsi);
  }
}
