/**
 * Spans, token counts and costs of LLM calls (OpenAI-compatible HTTP APIs and Spring AI).
 */
@NullMarked
package dev.logspring.logfire.llm;

import org.jspecify.annotations.NullMarked;
