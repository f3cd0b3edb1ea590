/**
 * Agent tools over a REXD session: {@code bash}, background processes, {@code read},
 * {@code write}, {@code edit}, {@code apply_patch}, {@code glob}, {@code grep} and {@code list},
 * each with a name, a description and a JSON Schema, returning text a language model can read.
 * Framework-neutral: adapters (MCP, LangChain4j, Spring AI) only translate.
 */
@NullMarked
package dev.rexd.agent;

import org.jspecify.annotations.NullMarked;
