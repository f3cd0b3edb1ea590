/**
 * An MCP server, on the official MCP Java SDK, that exposes the agent tools of
 * {@code rexd-agent-tools}: over stdio ({@code rexd mcp}) or inside a servlet container.
 */
@NullMarked
package dev.rexd.mcp;

import org.jspecify.annotations.NullMarked;
