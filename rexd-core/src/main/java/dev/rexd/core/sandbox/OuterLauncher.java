package dev.rexd.core.sandbox;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The shell that starts {@code bwrap} on the host: it opens what the server holds open, through
 * {@code /proc/<server>/fd} (the status pipe's write end as descriptor {@link BwrapCommand#STATUS_FD},
 * each checked root as {@link BwrapCommand#FIRST_ROOT_FD} on), joins the sandbox's cgroup when there
 * is one, then becomes {@code bwrap}. Opening a descriptor's {@code /proc} link reaches the very
 * file it holds, whatever its path names by now.
 *
 * <pre>{@code
 * List<String> cmd = OuterLauncher.command(status.writeEndPath(), rootProcPaths, cgroup, bwrapCommand);
 * }</pre>
 */
final class OuterLauncher {
  /** The highest descriptor a POSIX sh redirects; bash takes more. */
  private static final int SH_MAX_FD = 9;

  private OuterLauncher() {}

  /** The launcher's command line, ending in {@code bwrapCommand}. */
  static List<String> command(Path statusWriteEnd, List<Path> roots, @Nullable SandboxCgroup cgroup,
      List<String> bwrapCommand) {
    StringBuilder script = new StringBuilder("exec ").append(BwrapCommand.STATUS_FD).append('>')
        .append(quote(statusWriteEnd));
    for (int i = 0; i < roots.size(); i++) {
      script.append(' ').append(BwrapCommand.FIRST_ROOT_FD + i).append('<').append(quote(roots.get(i)));
    }
    script.append(" || exit 127\n");
    if (cgroup != null) {
      script.append("echo $$ > ").append(quote(cgroup.procs())).append(" || exit 127\n");
    }
    script.append("exec \"$@\"\n");
    int highest = BwrapCommand.FIRST_ROOT_FD + roots.size() - 1;
    boolean bash = Files.isExecutable(BwrapCommand.BASH);
    if (highest > SH_MAX_FD && !bash) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "a sandbox with more than "
          + (SH_MAX_FD - BwrapCommand.FIRST_ROOT_FD + 1) + " roots needs /bin/bash on the host");
    }
    String shell = highest > SH_MAX_FD ? BwrapCommand.BASH.toString() : "/bin/sh";
    List<String> c = new ArrayList<>(List.of(shell, "-c", script.toString(), "rexd-sandbox"));
    c.addAll(bwrapCommand);
    return c;
  }

  /** Single quotes for sh, a quote inside closed, escaped and reopened. */
  static String quote(Path p) {
    return "'" + p.toString().replace("'", "'\\''") + "'";
  }
}
