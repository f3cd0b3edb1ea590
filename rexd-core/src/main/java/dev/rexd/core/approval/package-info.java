/**
 * Approvals (protocol section 9.4): rules that pick which commands a person must approve, and the
 * gate that holds those starts until an operator decides or the time runs out.
 */
@NullMarked
package dev.rexd.core.approval;

import org.jspecify.annotations.NullMarked;
