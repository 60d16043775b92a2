package io.taskbus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.client.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How progress is shown, decided and formatted without a terminal. */
class ProgressDisplayTest {

  @Test
  void choose_noProgress_isOff_withoutAskingAboutTheTerminal() {
    assertThat(ProgressMode.choose(true, () -> {
      throw new AssertionError("asked");
    })).isEqualTo(ProgressMode.OFF);
  }

  @Test
  void choose_terminal_isABar_elsePlainLines() {
    assertThat(ProgressMode.choose(false, () -> true)).isEqualTo(ProgressMode.BAR);
    assertThat(ProgressMode.choose(false, () -> false)).isEqualTo(ProgressMode.LINES);
  }

  @Test
  void check_stderrOfATestJvm_aPipe_isNoTerminal() {
    assertThat(StderrTerminal.check()).isFalse();
  }

  @Test
  void running_countPercentRateAndEta() {
    assertThat(ProgressLine.running(new Progress(12_000, 100_000, 0, 0, 8, 3_400)))
        .isEqualTo("taskbus: 12,000/100,000 items (12%), 3,400 items/s, ETA 26 s");
    assertThat(ProgressLine.running(new Progress(999, 1_000, 0, 0, 1, 2.5)))
        .isEqualTo("taskbus: 999/1,000 items (99%), 2.5 items/s, ETA 1 s");
    assertThat(ProgressLine.running(new Progress(0, 10, 0, 0, 4, 0)))
        .isEqualTo("taskbus: 0/10 items (0%)");
  }

  @Test
  void running_unknownTotal_noPercentNoEta_andTroublesSaid() {
    assertThat(ProgressLine.running(new Progress(5_000, -1, 3, 2, 0, 250)))
        .isEqualTo("taskbus: 5,000 items, 250 items/s, 3 failed, 2 chunk(s) sent again");
  }

  @Test
  void finished_countTimeAndRate() {
    assertThat(ProgressLine.finished(new Progress(100, 100, 0, 0, 0, 40), 2.5))
        .isEqualTo("taskbus: 100/100 items (100%) in 2.5 s, 40 items/s");
    assertThat(ProgressLine.finished(new Progress(36_000, 36_000, 0, 0, 0, 0), 3_725))
        .isEqualTo("taskbus: 36,000/36,000 items (100%) in 1 h 2 min, 9.7 items/s");
  }

  @Test
  void duration_secondsMinutesHours() {
    assertThat(ProgressLine.duration(59)).isEqualTo("59 s");
    assertThat(ProgressLine.duration(245)).isEqualTo("4 min 5 s");
    assertThat(ProgressLine.duration(7_380)).isEqualTo("2 h 3 min");
  }

  @Test
  void plainProgress_printsALineEveryPeriod_andALastOne() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong();
    PlainProgress view = new PlainProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8),
        Duration.ofSeconds(5), now::get);
    for (long s : new long[] {1, 5, 6, 9, 10}) {
      now.set(Duration.ofSeconds(s).toNanos());
      view.update(new Progress(s, 10, 0, 0, 0, 1));
    }
    view.finish(new Progress(10, 10, 0, 0, 0, 1));
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "taskbus: 5/10 items (50%), 1.0 items/s, ETA 5 s",
        "taskbus: 10/10 items (100%), 1.0 items/s",
        "taskbus: 10/10 items (100%) in 10.0 s, 1.0 items/s");
  }

  @Test
  void terminalBar_printsOutputAboveItself_andEndsItsLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TerminalBar bar = new TerminalBar("sleep", new PrintStream(bytes, true,
        StandardCharsets.UTF_8), 80);
    bar.update(new Progress(1, 4, 0, 0, 0, 1));
    bar.print("[0] hello");
    bar.finish(new Progress(4, 4, 0, 0, 0, 1));
    String shown = bytes.toString(StandardCharsets.UTF_8);
    assertThat(shown).contains("\r\u001b[K[0] hello" + System.lineSeparator())
        .endsWith(System.lineSeparator());
    String last = shown.substring(shown.lastIndexOf('\r') + 1).strip();
    assertThat(last).startsWith("sleep 100%").contains("4/4").hasSizeLessThanOrEqualTo(79);
  }

  @Test
  void clean_dropsControlCharacters_keepsTabsAndText() {
    assertThat(TerminalText.clean("a\u001b[2Jb\u0007\tc\u009bd\u00e9\u2713"))
        .isEqualTo("a[2Jb\tcd\u00e9\u2713");
    assertThat(TerminalText.clean("plain")).isEqualTo("plain");
  }
}
