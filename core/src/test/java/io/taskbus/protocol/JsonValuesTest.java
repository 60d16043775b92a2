package io.taskbus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

  @Test
  void toWire_plainValues_passUnchanged() {
    assertThat(JsonValues.toWire(null)).isNull();
    assertThat(JsonValues.toWire(42)).isEqualTo(42);
    assertThat(JsonValues.toWire("a")).isEqualTo("a");
    assertThat(JsonValues.toWire(true)).isEqualTo(true);
    assertThat(JsonValues.toWire(1.5)).isEqualTo(1.5);
  }

  @Test
  void toWire_collectionsAndArrays_becomeJson() {
    Object wire = JsonValues.toWire(List.of(1, Map.of("k", new int[] {1, 2})));
    assertThat(wire).isEqualTo(new JsonArray().add(1)
        .add(new JsonObject().put("k", new JsonArray().add(1).add(2))));
  }

  @Test
  void toWire_roundTripsThroughEncoding() {
    JsonArray args = (JsonArray) JsonValues.toWire(List.of(List.of(1, "x", 2.5, Map.of("a", true))));
    assertThat(new JsonArray(args.encode())).isEqualTo(args);
  }

  @Test
  void toWire_arbitraryObject_isRefusedNamingItsType() {
    assertThatThrownBy(() -> JsonValues.toWire(List.of(new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void toWire_nanAndNonStringKeys_areRefused() {
    assertThatThrownBy(() -> JsonValues.toWire(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonValues.toWire(Map.of(1, "a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("map key");
  }

  @Test
  void convert_wholeNumbers_fitIntegerTypesExactly() {
    assertThat(JsonValues.convert(7L, Integer.class)).isEqualTo(7);
    assertThat(JsonValues.convert(7, Long.class)).isEqualTo(7L);
    assertThat(JsonValues.convert(2.0, Integer.class)).isEqualTo(2);
    assertThat(JsonValues.convert(3, Double.class)).isEqualTo(3.0);
  }

  @Test
  void convert_lossyOrWrongKind_failsSayingWhatCame() {
    assertThatThrownBy(() -> JsonValues.convert(2.5, Integer.class))
        .hasMessageContaining("expected Integer, got Double 2.5");
    assertThatThrownBy(() -> JsonValues.convert(1L << 40, Integer.class))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonValues.convert("1", Integer.class))
        .hasMessageContaining("got String \"1\"");
  }

  @Test
  void convert_jsonContainers_toMapsAndLists() {
    JsonObject object = new JsonObject().put("a", 1);
    assertThat(JsonValues.convert(object, Map.class)).isEqualTo(Map.of("a", 1));
    assertThat(JsonValues.convert(new JsonArray().add(1), List.class)).isEqualTo(List.of(1));
  }
}
