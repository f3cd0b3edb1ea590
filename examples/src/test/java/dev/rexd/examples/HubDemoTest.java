package dev.rexd.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** HubDemo: a hub, two hosts that dial it, and a client that runs a command on each through it. */
class HubDemoTest {

  @Test
  void runsACommandOnEachHostThroughTheHub() throws Exception {
    String transcript = ExampleOutput.of(HubDemo::main);
    System.out.print(transcript);

    assertThat(transcript)
        .containsPattern("hub: hosts dial ws://127\\.0\\.0\\.1:\\d+/agents, clients connect to ws://127\\.0\\.0\\.1:\\d+/ws")
        .contains("hub: web-1 connected", "hub: web-2 connected")
        .contains("$ cat motd.txt   (on web-1, through the hub)\nthis is web-1, behind its own firewall\n")
        .contains("$ cat motd.txt   (on web-2, through the hub)\nthis is web-2, behind its own firewall\n")
        .endsWith("done: hosts disconnected, hub stopped\n");
  }
}
