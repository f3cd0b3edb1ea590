package dev.rexd.hub.wire;

/**
 * {@code hub.attach}: the hub's first message on a data connection: the channel it belongs to and
 * the client it relays, with the role the hub gave that client.
 *
 * <pre>{@code
 * new AttachParams("ch_3f2a...", "alice", "agent")
 * }</pre>
 */
public record AttachParams(String channelId, String principal, String role) {}
