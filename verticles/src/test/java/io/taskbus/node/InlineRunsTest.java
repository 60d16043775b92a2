package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class InlineRunsTest {

  private static final Buffer SMALL = Buffer.buffer(new byte[64]);

  private static InlineRuns provenFast(String task) {
    InlineRuns inline = new InlineRuns();
    for (int i = 0; i < InlineRuns.FAST_RUNS_NEEDED; i++) {
      inline.ran(task, 1, InlineRuns.FAST_MICROS - 1);
    }
    return inline;
  }

  @Test
  void aTaskRunsInline_onlyAfterEnoughFastChunksInARow() {
    InlineRuns inline = new InlineRuns();
    for (int i = 0; i < InlineRuns.FAST_RUNS_NEEDED; i++) {
      assertThat(inline.mayDecodeInline("double", SMALL)).as("after %d", i).isFalse();
      inline.ran("double", 10, 10 * (InlineRuns.FAST_MICROS - 1));
    }
    assertThat(inline.mayDecodeInline("double", SMALL)).isTrue();
    assertThat(inline.mayDecodeInline("other", SMALL)).isFalse();
  }

  @Test
  void oneSlowChunk_orOneFailure_andTheTaskStartsOver() {
    InlineRuns slow = provenFast("double");
    slow.ran("double", 2, 2 * InlineRuns.FAST_MICROS);
    assertThat(slow.mayDecodeInline("double", SMALL)).isFalse();
    InlineRuns failed = provenFast("double");
    failed.failed("double");
    assertThat(failed.mayDecodeInline("double", SMALL)).isFalse();
    InlineRuns empty = provenFast("double");
    empty.ran("double", 0, 0);
    assertThat(empty.mayDecodeInline("double", SMALL)).isFalse();
  }

  @Test
  void aTaskThatUsedSharedState_neverRunsInlineAgain_howeverFastItRuns() {
    InlineRuns inline = provenFast("tally");
    inline.never("tally");
    assertThat(inline.mayDecodeInline("tally", SMALL)).isFalse();
    for (int i = 0; i < 2 * InlineRuns.FAST_RUNS_NEEDED; i++) {
      inline.ran("tally", 1, 1);
      inline.ran("double", 1, 1);
    }
    assertThat(inline.mayDecodeInline("tally", SMALL)).isFalse();
    assertThat(inline.mayDecodeInline("double", SMALL)).as("other tasks").isTrue();
  }

  @Test
  void largeOrObjectBodies_areNeverDecodedOnTheEventLoop() {
    InlineRuns inline = provenFast("double");
    assertThat(inline.mayDecodeInline("double",
        Buffer.buffer(new byte[InlineRuns.MAX_BODY_BYTES]))).isTrue();
    assertThat(inline.mayDecodeInline("double",
        Buffer.buffer(new byte[InlineRuns.MAX_BODY_BYTES + 1]))).isFalse();
    assertThat(inline.mayDecodeInline("double", new JsonObject())).isFalse();
  }

  @Test
  void onlyOneItemWithoutATimeLimit_runsInline() {
    assertThat(InlineRuns.mayRunInline(1, 0)).isTrue();
    assertThat(InlineRuns.mayRunInline(2, 0)).isFalse();
    assertThat(InlineRuns.mayRunInline(1, 1)).isFalse();
  }
}
