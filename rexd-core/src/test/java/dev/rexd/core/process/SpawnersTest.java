package dev.rexd.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

/** The spawn path is chosen once: direct where the platform allows, portable when asked or needed. */
class SpawnersTest {
  @Test
  void portableIsChosenOnRequest() {
    assertThat(Spawners.choosePipes("portable")).isInstanceOf(PortableSpawner.class);
    assertThat(Spawners.choosePipes(" Portable ")).isInstanceOf(PortableSpawner.class);
  }

  @Test
  void directIsTheDefaultOnLinuxWithGlibc234() {
    assumeTrue(System.getProperty(Spawners.PROPERTY) == null, "rexd.spawn is set");
    assumeTrue(Platform.isLinux() && (Platform.ARCH.equals("x86-64") || Platform.ARCH.equals("aarch64")));
    String[] version = Native.load("c", Glibc.class).gnu_get_libc_version().split("\\.");
    int major = Integer.parseInt(version[0]);
    int minor = Integer.parseInt(version[1]);
    assumeTrue(major > 2 || minor >= 34, "glibc older than 2.34");

    assertThat(Spawners.usesPosixSpawn()).isTrue();
    assertThat(Spawners.system()).isSameAs(Spawners.system());
  }

  /** glibc's version call. */
  interface Glibc extends Library {
    String gnu_get_libc_version();
  }
}
