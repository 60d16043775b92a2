package io.taskbus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Bodies checked before they are decoded (here on a local event bus; the cluster tests send them over the wire). */
class MessageBodiesTest {

  private static final Vertx VERTX = Vertx.vertx();

  @AfterAll
  static void close() {
    VERTX.close();
  }

  /** What {@link MessageBodies#read} makes of {@code body}: the body, or the refusal's code. */
  private static Object readAs(Object body, long max) throws Exception {
    CompletableFuture<Object> seen = new CompletableFuture<>();
    String address = "bodies." + System.nanoTime();
    VERTX.eventBus().<Object>consumer(address, (Message<Object> msg) -> {
      try {
        seen.complete(MessageBodies.read(msg, max));
      } catch (ProtocolException e) {
        seen.complete(e.info().code());
      }
    }).completion().await();
    VERTX.eventBus().send(address, body);
    return seen.get(10, TimeUnit.SECONDS);
  }

  @Test
  void jsonTextAndJsonObjects_withinTheLimit_areRead() throws Exception {
    assertThat(readAs(Buffer.buffer("{\"a\":1}"), 100)).isEqualTo(Buffer.buffer("{\"a\":1}"));
    assertThat(readAs(new JsonObject().put("a", 1), 100)).isEqualTo(new JsonObject().put("a", 1));
  }

  @Test
  void bodiesOverTheLimit_areRefusedAsTooLarge_whateverTheirCodec() throws Exception {
    JsonArray many = new JsonArray();
    for (int i = 0; i < 100_000; i++) {
      many.add(new JsonArray());
    }
    assertThat(readAs(new JsonObject().put("args", many), 10_000)).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(readAs(Buffer.buffer(new byte[10_001]), 10_000)).isEqualTo(ErrorCode.TOO_LARGE);
  }

  @Test
  void bodyTypesTheProtocolDoesNotUse_areRefused() throws Exception {
    assertThat(readAs("{\"a\":1}", 100)).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(readAs(new JsonArray().add(1), 100)).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(readAs(42L, 100)).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  void sizeAtMost_stopsCountingPastTheLimit() {
    JsonArray big = new JsonArray();
    for (int i = 0; i < 1_000; i++) {
      big.add("x".repeat(100));
    }
    assertThat(JsonText.sizeAtMost(big, 500)).isGreaterThan(500).isLessThan(1_000);
    assertThat(JsonText.sizeAtMost(new JsonObject().put("k", "v"), 100))
        .isEqualTo(new JsonObject().put("k", "v").encode().length());
    assertThat(JsonText.encodedLength("a\"é\n")).isEqualTo(
        new JsonArray().add("a\"é\n").toBuffer().length() - 2);
  }
}
