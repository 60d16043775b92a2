package io.taskbus.cli;

import io.taskbus.client.OutputLine;

/**
 * Text from workers made safe to print on a terminal: without its control characters (escape
 * sequences, carriage returns, bells, C1 controls) a task cannot move the cursor, rewrite what
 * is shown, set the window title or ring the bell. A tab is kept.
 */
final class TerminalText {

  private TerminalText() {
  }

  static String clean(String text) {
    StringBuilder kept = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = Character.isISOControl(c) && c != '\t';
      if (control && kept == null) {
        kept = new StringBuilder(text.length()).append(text, 0, i);
      } else if (!control && kept != null) {
        kept.append(c);
      }
    }
    return kept == null ? text : kept.toString();
  }

  /** {@code [3] hello}: a line an item wrote, with the item's index. */
  static String of(OutputLine line) {
    return "[" + line.item() + "] " + clean(line.line());
  }
}
