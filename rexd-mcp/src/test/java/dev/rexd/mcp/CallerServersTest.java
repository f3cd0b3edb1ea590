package dev.rexd.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bounds on the per-principal MCP servers, on a clock the test moves. */
class CallerServersTest {
  private final AtomicLong now = new AtomicLong();
  private final List<String> closed = new ArrayList<>();
  private final Set<String> working = new HashSet<>();

  private CallerServers<String> servers(int max) {
    return new CallerServers<>(new McpHttpLimits(Duration.ofSeconds(10), max), now::get, closed::add,
        working::contains);
  }

  private static String make(String id) {
    return "server-of-" + id;
  }

  @Test
  void aServerIdleLongerThanTheTimeoutIsClosedAndABusyOneIsNot() {
    CallerServers<String> s = servers(10);
    s.acquire("ann", CallerServersTest::make);
    s.release("ann");
    s.acquire("bob", CallerServersTest::make);        // bob's request is still in progress
    s.acquire("cid", CallerServersTest::make);
    s.release("cid");
    working.add("server-of-cid");                      // cid has a tool call running

    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(s.sweep()).isZero();
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(s.sweep()).isEqualTo(1);
    assertThat(closed).containsExactly("server-of-ann");
    assertThat(s.size()).isEqualTo(2);

    s.release("bob");
    working.clear();
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThat(s.sweep()).isEqualTo(2);
    assertThat(closed).containsExactlyInAnyOrder("server-of-ann", "server-of-bob", "server-of-cid");
  }

  @Test
  void aNewPrincipalPastTheCapClosesTheLeastRecentlyUsedIdleServerOrIsRefusedWhenAllAreBusy() {
    CallerServers<String> s = servers(2);
    s.acquire("ann", CallerServersTest::make);
    s.release("ann");
    s.acquire("bob", CallerServersTest::make);
    s.release("bob");
    s.acquire("ann", CallerServersTest::make);        // ann is now the more recently used
    s.release("ann");

    assertThat(s.acquire("cid", CallerServersTest::make)).isEqualTo("server-of-cid");
    assertThat(closed).containsExactly("server-of-bob");

    assertThat(s.acquire("ann", CallerServersTest::make)).isEqualTo("server-of-ann");   // both busy now
    assertThat(s.acquire("dan", CallerServersTest::make)).isNull();
    assertThat(closed).containsExactly("server-of-bob");
    assertThat(s.size()).isEqualTo(2);

    s.clear();
    assertThat(closed).containsExactlyInAnyOrder("server-of-bob", "server-of-ann", "server-of-cid");
  }
}
