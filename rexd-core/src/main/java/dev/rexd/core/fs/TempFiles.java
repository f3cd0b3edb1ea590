package dev.rexd.core.fs;

import dev.rexd.core.fd.Dir;
import dev.rexd.core.fd.DirEntry;
import dev.rexd.core.fd.FileStat;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporary files of atomic writes, {@code .rexd-<pid>-<random>.tmp}, and their cleanup: a
 * writer removes the ones of processes that no longer run from the directory it writes into, so a
 * killed server leaves no lasting debris. A directory is swept at most once per
 * {@link #SWEEP_INTERVAL_NANOS} by one instance, so writing many files into a large directory does
 * not list it every time.
 *
 * <pre>{@code
 * TempFiles temps = new TempFiles();
 * temps.sweep(dir);                 // removes .rexd-4242-1f2e3d4c5b6a7988.tmp if 4242 is gone
 * String name = temps.newName();    // .rexd-<our pid>-<16 hex digits>.tmp
 * }</pre>
 */
final class TempFiles {
  private static final Pattern NAME = Pattern.compile("\\.rexd-(\\d{1,10})-[0-9a-f]{16}\\.tmp");
  private static final long SWEEP_INTERVAL_NANOS = 60_000_000_000L;
  private static final int REMEMBERED_DIRECTORIES = 1024;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long PID = ProcessHandle.current().pid();

  /** Last sweep by directory (device and inode), least recently swept first. */
  private final Map<String, Long> swept = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > REMEMBERED_DIRECTORIES;
    }
  };

  /** A fresh temporary file name of this process. */
  String newName() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return ".rexd-" + PID + "-" + HexFormat.of().formatHex(b) + ".tmp";
  }

  /** Whether {@code name} is a temporary file name of an atomic write. */
  static boolean isTempName(String name) {
    return NAME.matcher(name).matches();
  }

  /** Removes the temporary files of processes that no longer run from {@code dir}. */
  void sweep(Dir dir) throws IOException {
    FileStat st = dir.stat();
    String key = st.device() + ":" + st.inode();
    long now = System.nanoTime();
    synchronized (swept) {
      Long last = swept.get(key);
      if (last != null && now - last < SWEEP_INTERVAL_NANOS) {
        return;
      }
      swept.put(key, now);
    }
    for (DirEntry e : dir.entries()) {
      Matcher m = NAME.matcher(e.name());
      if (e.kind() == DirEntry.Kind.FILE && m.matches() && !alive(Long.parseLong(m.group(1)))) {
        try {
          dir.unlink(e.name());
        } catch (IOException gone) {
          // removed by another sweeper meanwhile, or not ours to remove
        }
      }
    }
  }

  private static boolean alive(long pid) {
    return pid == PID || ProcessHandle.of(pid).isPresent();
  }
}
