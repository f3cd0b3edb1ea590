/**
 * File descriptors opened beneath a root without following symlinks, and the I/O done on them:
 * what makes the root policy's check and the file system call one step (protocol section 7).
 * Linux only.
 */
@NullMarked
package dev.rexd.core.fd;

import org.jspecify.annotations.NullMarked;
