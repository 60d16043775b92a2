package io.taskbus.cli;

import io.taskbus.client.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/** Progress as a plain line every so often, and a last one: for stderr that is no terminal. */
final class PlainProgress implements ProgressView {

  private final PrintStream err;
  private final long everyNanos;
  private final LongSupplier nanoTime;
  private final long start;
  private long last;

  PlainProgress(PrintStream err, Duration every, LongSupplier nanoTime) {
    this.err = err;
    this.everyNanos = every.toNanos();
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
    this.last = start;
  }

  @Override
  public void update(Progress progress) {
    long now = nanoTime.getAsLong();
    if (now - last >= everyNanos) {
      last = now;
      err.println(ProgressLine.running(progress));
    }
  }

  @Override
  public void print(String line) {
    err.println(line);
  }

  @Override
  public void finish(Progress progress) {
    err.println(ProgressLine.finished(progress, (nanoTime.getAsLong() - start) / 1e9));
    err.flush();
  }
}
