package dev.rexd.core.fd;

/** Runs test code under one resolution mechanism of {@link Beneath}, then restores openat2 where the kernel has it. */
public final class Mechanisms {
  private Mechanisms() {}

  /** Names of the mechanisms to test here: the component walk always, openat2 where the kernel has it. */
  public static java.util.List<String> available() {
    Beneath.useOpenat2(true);
    return Beneath.mechanism().equals("openat2") ? java.util.List.of("openat2", "openat") : java.util.List.of("openat");
  }

  /** Selects {@code "openat2"} or {@code "openat"} for the code that runs next. */
  public static void use(String mechanism) {
    Beneath.useOpenat2(mechanism.equals("openat2"));
    if (!Beneath.mechanism().equals(mechanism)) {
      throw new IllegalStateException(mechanism + " is not available here");
    }
  }

  /** Back to the default choice. */
  public static void reset() {
    Beneath.useOpenat2(!"openat".equals(System.getProperty("rexd.fs.resolve")));
  }
}
