package io.taskbus.cli;

import io.taskbus.client.OutputLine;
import io.vertx.core.json.Json;

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

  /**
   * {@code value} as JSON with no raw control character: the ones the encoder leaves raw (DEL
   * and the C1 controls, some of which a terminal obeys) are written as JSON escapes, so the
   * text read back is the same value.
   */
  static String json(Object value) {
    String text = Json.encode(value);
    StringBuilder escaped = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = Character.isISOControl(c);
      if (control && escaped == null) {
        escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (control) {
        escaped.append(String.format("\\u%04x", (int) c));
      } else if (escaped != null) {
        escaped.append(c);
      }
    }
    return escaped == null ? text : escaped.toString();
  }

  /** {@code [3] hello}: a line an item wrote, with the item's index. */
  static String of(OutputLine line) {
    return "[" + line.item() + "] " + clean(line.line());
  }
}
