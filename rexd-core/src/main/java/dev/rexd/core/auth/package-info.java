/**
 * Who calls (protocol section 9.3): principals and their roles, bearer tokens stored as SHA-256,
 * JWTs, and which role each method needs.
 */
@NullMarked
package dev.rexd.core.auth;

import org.jspecify.annotations.NullMarked;
