package io.taskbus.task.impl;

import io.taskbus.protocol.LogLine;

import io.taskbus.protocol.JsonText;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines a chunk's tasks write through their contexts, kept up to a budget of bytes (as JSON,
 * the size they take in a reply): a task that logs without end cannot make its chunk's reply
 * too large to send, nor fill the worker's memory. Lines past the budget are counted, and one
 * last line says how many were dropped. Safe to use from any thread.
 */
final class TaskLog {

  /** A longer line is cut to this many characters. */
  static final int MAX_LINE_CHARS = 16 * 1024;

  private final long budget;
  private final List<LogLine> lines = new ArrayList<>();
  private long used;
  private long dropped;
  private long firstDropped = -1;

  TaskLog(long budget) {
    this.budget = budget;
  }

  /** A line as it is kept: cut to {@link #MAX_LINE_CHARS}, saying so. */
  static String cut(String line) {
    return line.length() > MAX_LINE_CHARS
        ? line.substring(0, MAX_LINE_CHARS) + "... [cut at " + MAX_LINE_CHARS + " characters]"
        : line;
  }

  /** The bytes a kept line takes in a reply: {@code [index,"text"],}. */
  static long sizeOf(long index, String text) {
    return JsonText.encodedLength(text) + Long.toString(index).length() + 3;
  }

  synchronized void add(long index, String line) {
    String text = cut(line);
    keep(index, text, sizeOf(index, text));
  }

  /** Keeps a line already {@link #cut} and measured, if the budget has room for it. */
  synchronized void keep(long index, String text, long size) {
    if (dropped == 0 && used + size <= budget) {
      used += size;
      lines.add(new LogLine(index, text));
    } else {
      if (dropped++ == 0) {
        firstDropped = index;
      }
    }
  }

  /** The lines item {@code index} wrote that were kept, in the order written. */
  synchronized List<String> linesOf(long index) {
    List<String> of = new ArrayList<>();
    for (LogLine line : lines) {
      if (line.index() == index) {
        of.add(line.line());
      }
    }
    return of;
  }

  /** The lines kept, in the order written, and a last line if some were dropped. */
  synchronized List<LogLine> lines() {
    if (dropped == 0) {
      return List.copyOf(lines);
    }
    List<LogLine> all = new ArrayList<>(lines);
    all.add(new LogLine(firstDropped, "[taskbus: " + dropped + " more log line(s)"
        + " dropped from item " + firstDropped + " on: a chunk's logs are limited to " + budget
        + " bytes]"));
    return all;
  }
}
