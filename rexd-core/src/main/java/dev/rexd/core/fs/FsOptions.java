package dev.rexd.core.fs;

import java.nio.file.Path;
import java.util.Map;

/**
 * The settings of the file methods: where patch journals go ({@code [server] state_dir}) and
 * whether in-place writes may go through hard links ({@code [security] allow_hardlinked_writes}).
 *
 * <pre>{@code
 * FsService fs = new FsService(new FsOptions(Path.of("/var/lib/rexd"), false));
 * }</pre>
 *
 * @param stateDir the directory for patch journals (created {@code 0700} on first use)
 * @param allowHardlinkedWrites whether {@code mode: append} and non-atomic writes may change a
 *     regular file that has more than one link
 */
public record FsOptions(Path stateDir, boolean allowHardlinkedWrites) {
  /** {@code $XDG_STATE_HOME/rexd}, else {@code ~/.local/state/rexd}. */
  public static Path defaultStateDir(Map<String, String> env) {
    String xdg = env.get("XDG_STATE_HOME");
    if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "rexd");
    }
    return Path.of(System.getProperty("user.home"), ".local", "state", "rexd");
  }
}
