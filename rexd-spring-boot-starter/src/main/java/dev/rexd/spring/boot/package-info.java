/**
 * Spring Boot auto-configuration for rexd: a {@link dev.rexd.client.RexdClient} from
 * {@code rexd.targets}, and with {@code rexd.server.enabled=true} an embedded server mounted on
 * the application's own servlet container, with an Actuator health indicator.
 *
 * <pre>{@code
 * rexd.targets.build.transport=ssh
 * rexd.targets.build.host=build-1
 * rexd.targets.build.workspace-roots=/srv/build
 * }</pre>
 */
@NullMarked
package dev.rexd.spring.boot;

import org.jspecify.annotations.NullMarked;
