package io.taskbus.cli;

import io.taskbus.client.Progress;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with items/s and ETA, redrawn in place on the last line of a terminal
 * (me.tongfei:progressbar draws it from its own thread a few times a second); task output is
 * printed above it.
 */
final class TerminalBar implements ProgressView {

  private static final int REDRAW_MS = 200;

  private final String task;
  private final Line line;
  private ProgressBar bar; // made at the first update, when the total is known

  TerminalBar(String task, PrintStream err, int columns) {
    this.task = task;
    this.line = new Line(err, columns - 1); // the last column would wrap on some terminals
  }

  @Override
  public void update(Progress progress) {
    if (bar == null) {
      bar = new ProgressBarBuilder().setTaskName(task)
          .setInitialMax(progress.totalKnown() ? progress.total() : -1)
          .setStyle(ProgressBarStyle.ASCII) // a terminal in any charset draws it
          .setUnit(" items", 1).showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
          .setUpdateIntervalMillis(REDRAW_MS).setConsumer(line).build();
    } else if (progress.totalKnown()) {
      bar.maxHint(progress.total());
    }
    bar.stepTo(progress.done());
  }

  @Override
  public void print(String text) {
    line.above(text);
  }

  @Override
  public void finish(Progress progress) {
    update(progress);
    bar.close(); // draws it a last time, then ends its line
    line.close(); // in case its last redraw failed (the library swallows that): ends it once
  }

  /** The bar's line: output lines go above it, and it is drawn again below them. */
  private static final class Line implements ProgressBarConsumer {

    private static final String CLEAR_LINE = "\r\u001b[K";

    private final PrintStream err;
    private final int width;
    private String drawn = "";
    private boolean closed;

    Line(PrintStream err, int width) {
      this.err = err;
      this.width = width;
    }

    @Override
    public int getMaxRenderedLength() {
      return width;
    }

    @Override
    public synchronized void accept(String rendered) {
      if (closed) {
        return; // a redraw that was under way when the bar closed: its line has ended
      }
      drawn = rendered;
      err.print('\r' + rendered);
      err.flush();
    }

    synchronized void above(String text) {
      err.print(CLEAR_LINE + text + System.lineSeparator() + '\r' + drawn);
      err.flush();
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      err.println();
      err.flush();
    }
  }
}
