package io.taskbus.cli;

import io.taskbus.client.Progress;
import java.io.PrintStream;
import java.time.Duration;

/** What a running map shows on stderr: its progress, and the lines its items wrote. */
interface ProgressView {

  /** The job's progress now. */
  void update(Progress progress);

  /** A line to show for good (task output), above any bar. */
  void print(String line);

  /** The job has ended with this progress; leaves stderr at the start of a line. */
  void finish(Progress progress);

  /**
   * @param every how often {@link ProgressMode#LINES} prints a line
   */
  static ProgressView of(ProgressMode mode, String task, PrintStream err, Duration every) {
    return switch (mode) {
      case OFF -> new Quiet(err);
      case LINES -> new PlainProgress(err, every, System::nanoTime);
      case BAR -> new TerminalBar(task, err, StderrTerminal.width());
    };
  }

  /** No progress; task output only. */
  record Quiet(PrintStream err) implements ProgressView {

    @Override
    public void update(Progress progress) {
    }

    @Override
    public void print(String line) {
      err.println(line);
    }

    @Override
    public void finish(Progress progress) {
      err.flush();
    }
  }
}
