package io.taskbus.task.impl;

/**
 * One item's share of its chunk's output: at most {@link #MAX_LINES} lines or
 * {@link #MAX_BYTES} bytes (as {@link TaskLog} counts them), so that one chatty item cannot use
 * up the chunk's budget and silence the items after it. Lines past the limit are counted, and
 * one line at the item's end says how many. Safe to use from any thread.
 */
final class ItemLog {

  static final int MAX_LINES = 1_000;
  static final long MAX_BYTES = 64 * 1024;

  private final long index;
  private final TaskLog chunk;
  private int lines;
  private long bytes;
  private long dropped;
  private boolean ended;

  ItemLog(long index, TaskLog chunk) {
    this.index = index;
    this.chunk = chunk;
  }

  synchronized void add(String line) {
    if (ended) { // a thread the item left running: its lines would follow the item's last
      return;
    }
    String text = TaskLog.cut(line);
    long size = TaskLog.sizeOf(index, text);
    if (dropped == 0 && lines < MAX_LINES && bytes + size <= MAX_BYTES) {
      lines++;
      bytes += size;
      chunk.keep(index, text, size);
    } else {
      dropped++;
    }
  }

  /** The item returned: says how many of its lines were dropped, if any were. */
  synchronized void end() {
    if (!ended && dropped > 0) {
      String text = "[taskbus: " + dropped + " more line(s) of item " + index + " dropped:"
          + " an item's output is limited to " + MAX_LINES + " lines or " + MAX_BYTES + " bytes]";
      chunk.keep(index, text, TaskLog.sizeOf(index, text));
    }
    ended = true;
  }
}
