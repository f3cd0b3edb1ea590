package dev.rexd.hub.server;

import java.time.Duration;

/**
 * How long the hub waits: for a host that is not connected (it may be reconnecting) before a call
 * for it fails, and for a host's data connection after asking for it.
 *
 * <pre>{@code
 * new HubTiming(Duration.ofSeconds(5), Duration.ofSeconds(10))
 * }</pre>
 */
record HubTiming(Duration hostWait, Duration channelTimeout) {}
