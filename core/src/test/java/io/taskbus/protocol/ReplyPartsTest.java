package io.taskbus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyPartsTest {

  private static JsonArray logs() {
    return new JsonArray().add(new JsonArray().add(7).add("a line"));
  }

  @Test
  void replyThatFits_isOneMessage() {
    List<Buffer> parts = ReplyParts.encode(new JsonArray().add(1).add(2), logs(), "w", 5, 0, 1000);
    assertThat(parts).hasSize(1);
    JsonObject reply = new JsonObject(parts.get(0));
    assertThat(reply.getJsonArray("results")).containsExactly(1, 2);
    assertThat(reply.getJsonArray("logs")).isEqualTo(logs());
    assertThat(reply.containsKey("more")).isFalse();
  }

  @Test
  void replyThatDoesNotFit_isSplitIntoPartsThatEachFit_resultsInOrder_logsInTheLast() {
    JsonArray results = new JsonArray();
    for (int i = 0; i < 100; i++) {
      results.add("r".repeat(90) + i);
    }
    List<Buffer> parts = ReplyParts.encode(results, logs(), "w", 5, 0, 1_000);
    assertThat(parts.size()).isGreaterThan(9);
    JsonArray all = new JsonArray();
    for (int p = 0; p < parts.size(); p++) {
      assertThat(parts.get(p).length()).isLessThanOrEqualTo(1_000);
      JsonObject part = new JsonObject(parts.get(p));
      all.addAll(part.getJsonArray("results"));
      boolean last = p == parts.size() - 1;
      assertThat(part.getBoolean("more", false)).isEqualTo(!last);
      assertThat(part.getJsonArray("logs")).isEqualTo(last ? logs() : new JsonArray());
      assertThat(part.getString("worker")).isEqualTo("w");
    }
    assertThat(all).isEqualTo(results);
  }

  @Test
  void resultThatFitsNoMessage_failsNamingItsItem() {
    JsonArray results = new JsonArray().add("small").add("x".repeat(2_000));
    assertThatThrownBy(() -> ReplyParts.encode(results, new JsonArray(), "w", 0, 40, 1_000))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.info().code()).isEqualTo(ErrorCode.TOO_LARGE);
          assertThat(e.info().index()).isEqualTo(41);
          assertThat(e.getMessage()).contains("item 41");
        });
  }
}
