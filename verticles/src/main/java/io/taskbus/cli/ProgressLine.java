package io.taskbus.cli;

import io.taskbus.client.Progress;
import java.util.Locale;

/**
 * A map's progress as one plain line, for stderr that is not a terminal (a log file, CI):
 * {@code taskbus: 12,000/100,000 items (12%), 3,400 items/s, ETA 26 s}.
 */
final class ProgressLine {

  private ProgressLine() {
  }

  /** While the job runs. */
  static String running(Progress p) {
    StringBuilder line = new StringBuilder("taskbus: ").append(count(p));
    if (p.itemsPerSecond() > 0) {
      line.append(", ").append(rate(p.itemsPerSecond()));
      if (p.totalKnown() && p.done() < p.total()) {
        line.append(", ETA ").append(duration((long) Math.ceil(p.etaSeconds())));
      }
    }
    return troubles(line, p).toString();
  }

  /** When it has ended, {@code seconds} after it started. */
  static String finished(Progress p, double seconds) {
    StringBuilder line = new StringBuilder("taskbus: ").append(count(p)).append(" in ")
        .append(seconds < 60 ? String.format(Locale.ROOT, "%.1f s", seconds)
            : duration(Math.round(seconds)));
    if (seconds > 0) {
      line.append(", ").append(rate(p.done() / seconds));
    }
    return troubles(line, p).toString();
  }

  private static String count(Progress p) {
    if (!p.totalKnown()) {
      return String.format(Locale.ROOT, "%,d items", p.done());
    }
    // floor: 99.9 % is not done
    return String.format(Locale.ROOT, "%,d/%,d items (%d%%)", p.done(), p.total(),
        (long) Math.floor(100 * p.fraction()));
  }

  private static String rate(double perSecond) {
    return perSecond < 10 ? String.format(Locale.ROOT, "%.1f items/s", perSecond)
        : String.format(Locale.ROOT, "%,d items/s", Math.round(perSecond));
  }

  private static StringBuilder troubles(StringBuilder line, Progress p) {
    if (p.failed() > 0) {
      line.append(String.format(Locale.ROOT, ", %,d failed", p.failed()));
    }
    if (p.retried() > 0) {
      line.append(String.format(Locale.ROOT, ", %,d chunk(s) sent again", p.retried()));
    }
    return line;
  }

  /** {@code 26 s}, {@code 4 min 5 s}, {@code 2 h 3 min}. */
  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }
}
