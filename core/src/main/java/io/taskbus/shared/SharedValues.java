package io.taskbus.shared;

import io.taskbus.protocol.JsonValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;

/**
 * What a shared map may hold: JSON values whose types Hazelcast stores without Java
 * serialisation (its own forms for these, Vert.x's JSON form for JsonObject/JsonArray), and
 * that a local map copies exactly.
 */
final class SharedValues {

  private static final Set<Class<?>> PLAIN = Set.of(String.class, Boolean.class, Integer.class,
      Long.class, Short.class, Byte.class, Double.class, Float.class, BigInteger.class,
      BigDecimal.class);

  private SharedValues() {
  }

  /**
   * {@code value} as stored: a plain value as it is, JSON as a fresh copy with its nested values
   * converted as task arguments are.
   *
   * @throws IllegalArgumentException naming the type of a value that is not JSON
   */
  static Object stored(Object value) {
    if (value instanceof JsonObject || value instanceof JsonArray) {
      return JsonValues.toWire(value);
    }
    if (value == null || !PLAIN.contains(value.getClass())) {
      throw new IllegalArgumentException("a shared map holds JSON values (String, a number, "
          + "Boolean, JsonObject, JsonArray; a List or Map goes in a JsonArray or JsonObject), "
          + "not " + (value == null ? "null" : value.getClass().getName()));
    }
    if (value instanceof Double d && !Double.isFinite(d)
        || value instanceof Float f && !Float.isFinite(f)) {
      throw new IllegalArgumentException("JSON has no NaN or infinity: " + value);
    }
    return value;
  }

  /**
   * {@code value} as a reader gets it: JSON as a copy, since a local map hands out the object it
   * holds (a clustered one decodes a new one each time), and a reader's change must stay its own.
   */
  static Object read(Object value) {
    if (value instanceof JsonObject o) {
      return o.copy();
    }
    return value instanceof JsonArray a ? a.copy() : value;
  }

  /** @throws IllegalArgumentException when {@code key} is null */
  static String key(String key) {
    if (key == null) {
      throw new IllegalArgumentException("a shared map's key must not be null");
    }
    return key;
  }
}
