package dev.rexd.hub.wire;

/**
 * {@code hub.open_channel}: the hub asks its host for a data connection that names this channel.
 *
 * <pre>{@code
 * new OpenChannelParams("ch_3f2a...")
 * }</pre>
 */
public record OpenChannelParams(String channelId) {}
