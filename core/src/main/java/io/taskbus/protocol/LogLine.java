package io.taskbus.protocol;

/** A line a task wrote through its context while it ran item {@code index} of its job. */
public record LogLine(long index, String line) {
}
