package io.taskbus.client;

/**
 * A line a task wrote ({@code TaskContext.log} or {@code TaskContext.out()}), with the input
 * index of the item that wrote it. A chunk whose output went over its budget ends with a line
 * that says how many were dropped.
 */
public record OutputLine(long item, String line) {

  @Override
  public String toString() {
    return "[" + item + "] " + line;
  }
}
