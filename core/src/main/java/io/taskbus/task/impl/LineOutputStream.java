package io.taskbus.task.impl;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The bytes a task writes to {@code TaskContext.out()}, cut into UTF-8 lines at each {@code \n}
 * (a {@code \r} before it is dropped). A line without its end yet is held until it gets one or
 * {@link #endLine()} is called. A byte {@code \n} never occurs inside a multi-byte character, so
 * cutting bytes there never splits one.
 */
final class LineOutputStream extends OutputStream {

  /**
   * The most bytes of one line held: enough for more than {@link TaskLog#MAX_LINE_CHARS}
   * characters (a character takes at most 3 bytes per UTF-16 unit), so that a longer line is
   * still cut, and marked, as {@link TaskLog#cut} does; the rest of it is not held.
   */
  static final int MAX_HELD = 3 * TaskLog.MAX_LINE_CHARS + 3;

  private final Consumer<String> lines;
  private byte[] held = new byte[128];
  private int length;
  private boolean open; // bytes written since the last line end

  LineOutputStream(Consumer<String> lines) {
    this.lines = lines;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      emit();
    } else {
      hold((byte) b);
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int count) {
    int end = offset + count;
    int start = offset;
    for (int i = offset; i < end; i++) {
      if (bytes[i] == '\n') {
        hold(bytes, start, i - start);
        emit();
        start = i + 1;
      }
    }
    hold(bytes, start, end - start);
  }

  /** Records the line written so far, if any: the item ends. */
  synchronized void endLine() {
    if (open) {
      emit();
    }
  }

  @Override
  public void close() {
    endLine();
  }

  private void hold(byte b) {
    open = true;
    if (length < MAX_HELD) {
      makeRoom(1);
      held[length++] = b;
    }
  }

  private void hold(byte[] bytes, int offset, int count) {
    if (count > 0) {
      open = true;
      int kept = Math.min(count, MAX_HELD - length);
      makeRoom(kept);
      System.arraycopy(bytes, offset, held, length, kept);
      length += kept;
    }
  }

  private void makeRoom(int more) {
    if (length + more > held.length) {
      held = Arrays.copyOf(held, Math.min(MAX_HELD, Math.max(2 * held.length, length + more)));
    }
  }

  private void emit() {
    int end = length > 0 && held[length - 1] == '\r' ? length - 1 : length;
    String line = new String(held, 0, end, StandardCharsets.UTF_8);
    length = 0;
    open = false;
    lines.accept(line);
  }
}
