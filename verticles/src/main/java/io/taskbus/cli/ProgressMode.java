package io.taskbus.cli;

import java.util.function.BooleanSupplier;

/** How a map shows its progress on stderr. */
enum ProgressMode {
  /** {@code --no-progress}: nothing. */
  OFF,
  /** stderr is a terminal: a bar redrawn in place. */
  BAR,
  /** stderr is a file or a pipe: a plain line now and then, and a last one; no control codes. */
  LINES;

  /** {@code stderrIsTerminal} is asked only when progress is wanted. */
  static ProgressMode choose(boolean noProgress, BooleanSupplier stderrIsTerminal) {
    if (noProgress) {
      return OFF;
    }
    return stderrIsTerminal.getAsBoolean() ? BAR : LINES;
  }
}
