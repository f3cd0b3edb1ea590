package dev.rexd.bench.e2e;

/**
 * The bare-JVM floor of the cold-start figure: a JVM that starts and prints one line.
 *
 * <pre>{@code
 * java -cp rexd-bench/target/classes dev.rexd.bench.e2e.Hello
 * }</pre>
 */
public final class Hello {
  private Hello() {}

  public static void main(String[] args) {
    System.out.println("hello");
  }
}
