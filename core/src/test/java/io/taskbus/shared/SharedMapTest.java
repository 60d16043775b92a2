package io.taskbus.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SharedMapTest {

  private static final Vertx VERTX = Vertx.vertx();
  private final SharedState shared = SharedState.create(VERTX);

  @AfterAll
  static void close() throws Exception {
    VERTX.close().await(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void jsonValues_comeBackAsTheyWent() throws Exception {
    SharedMap map = shared.sharedMap("values");
    Map<String, Object> values = Map.of("s", "text", "i", 7, "l", 1L << 40, "d", 2.5,
        "b", true, "big", new BigDecimal("1.10"), "bigint", BigInteger.TEN.pow(30),
        "o", new JsonObject().put("k", new JsonArray().add(1).addNull()),
        "a", new JsonArray().add("x").add(new JsonObject()));
    for (Map.Entry<String, Object> e : values.entrySet()) {
      await(map.put(e.getKey(), e.getValue()));
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      assertThat(await(map.get(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(await(map.size())).isEqualTo(values.size());
    assertThat(await(map.entries())).isEqualTo(values);
    assertThat(await(map.get("absent"))).isNull();
  }

  @Test
  void putIfAbsent_andRemove_answerTheValueThatWasThere() {
    SharedMap.Blocking map = shared.sharedMap("ifabsent").blocking();
    assertThat(map.putIfAbsent("k", 1)).isNull();
    assertThat(map.putIfAbsent("k", 2)).isEqualTo(1);
    assertThat(map.get("k")).isEqualTo(1);
    assertThat(map.remove("k")).isEqualTo(1);
    assertThat(map.remove("k")).isNull();
    assertThat(map.size()).isZero();
  }

  @Test
  void nullValues_areAbsence_putNullRemovesTheKey() {
    SharedMap.Blocking map = shared.sharedMap("nulls").blocking();
    map.put("k", "v");
    map.put("k", null);
    assertThat(map.get("k")).isNull();
    assertThat(map.entries()).isEmpty();
    assertThat(map.putIfAbsent("k", null)).isNull();
    assertThat(map.size()).isZero();
  }

  @Test
  void storedJson_isACopy_laterChangesStayLocal() {
    SharedMap.Blocking map = shared.sharedMap("copies").blocking();
    JsonArray list = new JsonArray().add(1);
    map.put("list", list);
    list.add(2);
    JsonArray read = (JsonArray) map.get("list");
    read.add(3);
    assertThat(map.get("list")).isEqualTo(new JsonArray().add(1));
  }

  @Test
  void nonJsonValues_areRefusedAtTheCall_namingTheirType() {
    SharedMap map = shared.sharedMap("refused");
    for (Object value : List.of(new Object(), new AtomicLong(1), new Date(), new ArrayList<>(),
        Map.of())) {
      assertThatThrownBy(() -> map.put("k", value)).as(value.getClass().getName())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(value.getClass().getName());
      assertThatThrownBy(() -> map.putIfAbsent("k", value))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> map.put("k", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> map.put("k", new JsonObject().put("deep", new Object())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> map.get(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key must not be null");
    assertThat(map.blocking().size()).isZero();
  }
}
