package io.taskbus.bench;

/**
 * One line of the results: what taskbus did, what the reference did in the same run, their
 * ratio (above 1 is better for taskbus, whatever the unit), and the target for it.
 *
 * @param ratio taskbus against the reference: higher is better; NaN when there is none
 * @param target the lowest ratio the target allows; NaN when there is none
 */
record Row(String scenario, String taskbus, String reference, double ratio, double target,
           String note) {

  boolean met() {
    return Double.isNaN(target) || ratio >= target;
  }

  String markdown() {
    String r = Double.isNaN(ratio) ? "" : String.format("%.2fx", ratio);
    String t = Double.isNaN(target) ? "" : String.format(">= %.2fx %s", target,
        met() ? "met" : "**missed**");
    return "| " + scenario + " | " + taskbus + " | " + reference + " | " + r + " | " + t
        + " | " + note + " |";
  }
}
