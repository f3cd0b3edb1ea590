package dev.rexd.core.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The libc calls tests use to set up conditions the JDK cannot create (JNA interface mapping). */
public interface TestLibc extends Library {
  TestLibc C = Native.load("c", TestLibc.class);

  /** {@code SIG_IGN} as a handler pointer. */
  Pointer SIG_IGN = new Pointer(1);

  /** A copy of {@code fd} without {@code FD_CLOEXEC}. */
  int dup(int fd);

  int close(int fd);

  Pointer signal(int signal, Pointer handler);

  /** {@code FIONREAD}: bytes waiting to be read. */
  long FIONREAD = 0x541B;

  int ioctl(int fd, long request, int[] out);
}
