package dev.rexd.core.process;

import dev.rexd.core.session.Session;

/**
 * What {@link ProcessHooks#beforeStart} decides on: the session asking and the checked request.
 *
 * <pre>{@code
 * if (start.request().command() != null && start.request().command().contains("rm -rf")) return deny(...);
 * }</pre>
 *
 * @param session the session that starts the process
 * @param request the process, checked and resolved
 */
public record StartContext(Session session, ProcessRequest request) {}
