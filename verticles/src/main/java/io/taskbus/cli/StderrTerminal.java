package io.taskbus.cli;

import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Whether stderr is a terminal, and how wide. {@code System.console()} cannot say: it speaks of
 * stdin and stdout (on Java 22+, of neither), and a map's stdout is often a file while its
 * stderr is the terminal. jline's exec provider asks {@code test -t 2} (POSIX shells; Cygwin and
 * MSYS on Windows).
 */
final class StderrTerminal {

  static final int DEFAULT_WIDTH = 80;

  private StderrTerminal() {
  }

  static boolean check() {
    try {
      return TerminalProvider.load("exec").isSystemStream(SystemStream.Error);
    } catch (Exception | LinkageError e) { // no provider, no shell: then it is no terminal
      return false;
    }
  }

  /** Its columns, or {@value #DEFAULT_WIDTH} when it cannot say. */
  static int width() {
    try {
      int columns = TerminalProvider.load("exec").systemStreamWidth(SystemStream.Error);
      return columns > 0 ? columns : DEFAULT_WIDTH;
    } catch (Exception | LinkageError e) {
      return DEFAULT_WIDTH;
    }
  }
}
