package dev.rexd.hub.host;

import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.hub.wire.AttachParams;

/**
 * Who a hub's client is on this host: its principal, prefixed with {@code hub:} so the audit log
 * shows it came through the hub (and it never owns the sessions of a local principal of the same
 * name), with the role the hub gave it, capped at the role this host grants the hub.
 *
 * <pre>{@code
 * Principal p = RelayedPrincipal.of(new AttachParams("ch_1", "alice", "operator"), Role.AGENT);
 * // hub:alice, agent
 * }</pre>
 */
final class RelayedPrincipal {
  /** The prefix of every principal relayed by a hub. */
  static final String PREFIX = "hub:";

  private RelayedPrincipal() {}

  /**
   * @throws IllegalArgumentException for an unknown role, or one that shares nothing with
   *     {@code granted} (a viewer relayed to a host that grants the hub only agent)
   */
  static Principal of(AttachParams attach, Role granted) {
    Role requested = Role.parse(attach.role());
    Role role;
    if (granted.includes(requested)) {
      role = requested;
    } else if (requested.includes(granted)) {
      role = granted;
    } else {
      throw new IllegalArgumentException("role " + requested.wireName() + " is not within the role "
          + granted.wireName() + " this host grants the hub");
    }
    if (attach.principal() == null || attach.principal().isBlank()) {
      throw new IllegalArgumentException("hub.attach names no principal");
    }
    return new Principal(PREFIX + attach.principal(), role);
  }
}
