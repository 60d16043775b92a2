package io.taskbus.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The codec rules for values on the wire: plain JSON data only (null, booleans, numbers,
 * strings, objects, arrays; byte arrays as base64). Nothing is ever Java-serialised.
 */
public final class JsonValues {

  private JsonValues() {
  }

  /**
   * Returns {@code value} as a JSON-safe value (maps, collections and arrays become
   * {@link JsonObject}/{@link JsonArray}).
   *
   * @throws IllegalArgumentException naming the offending type when a value is not plain data
   */
  public static Object toWire(Object value) {
    return walk(value, true);
  }

  /** Checks that {@link #toWire} would accept {@code value}, building nothing. */
  public static void check(Object value) {
    walk(value, false);
  }

  private static Object walk(Object value, boolean build) {
    if (value instanceof Integer || value instanceof String || value instanceof Long
        || value instanceof Boolean) {
      return value; // the common plain values, first
    }
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())
        || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
      throw new IllegalArgumentException("JSON has no NaN or infinity: " + value);
    }
    if (value == null || value instanceof String || value instanceof Boolean
        || value instanceof Integer || value instanceof Long || value instanceof Double
        || value instanceof Float || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger || value instanceof BigDecimal
        || value instanceof byte[] || value instanceof Buffer) {
      return value;
    }
    if (value instanceof Character c) {
      return String.valueOf(c);
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof JsonObject o) {
      return walkObject(o.getMap(), build);
    }
    if (value instanceof JsonArray a) {
      return walkArray(a.getList(), build);
    }
    if (value instanceof Map<?, ?> m) {
      return walkObject(m, build);
    }
    if (value instanceof Collection<?> c) {
      return walkArray(c, build);
    }
    if (value.getClass().isArray()) {
      int n = Array.getLength(value);
      JsonArray out = build ? new JsonArray() : null;
      for (int i = 0; i < n; i++) {
        Object item = walk(Array.get(value, i), build);
        if (build) {
          out.add(item);
        }
      }
      return out;
    }
    throw new IllegalArgumentException("not JSON-encodable: a value of type "
        + value.getClass().getName() + " (use numbers, strings, booleans, null, lists, maps,"
        + " JsonObject, JsonArray or byte[])");
  }

  private static JsonObject walkObject(Map<?, ?> map, boolean build) {
    JsonObject out = build ? new JsonObject() : null;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException("not JSON-encodable: a map key of type "
            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
      }
      Object value = walk(e.getValue(), build);
      if (build) {
        out.put(key, value);
      }
    }
    return out;
  }

  private static JsonArray walkArray(Collection<?> items, boolean build) {
    JsonArray out = build ? new JsonArray() : null;
    for (Object item : items) {
      Object value = walk(item, build);
      if (build) {
        out.add(value);
      }
    }
    return out;
  }

  /**
   * Converts a decoded argument to {@code type}, exactly: a whole number to an integer type only
   * when it fits, never a string to a number.
   *
   * @throws IllegalArgumentException saying what was expected and what came
   */
  @SuppressWarnings("unchecked")
  public static <T> T convert(Object value, Class<T> type) {
    if (value == null || type == Object.class || type.isInstance(value)) {
      return (T) value;
    }
    if (value instanceof Number n) {
      Object converted = convertNumber(n, type);
      if (converted != null) {
        return (T) converted;
      }
    }
    if (value instanceof Map<?, ?> m && type == JsonObject.class) {
      return (T) new JsonObject((Map<String, Object>) m);
    }
    if (value instanceof JsonObject o && type == Map.class) {
      return (T) o.getMap();
    }
    if (value instanceof List<?> l && type == JsonArray.class) {
      return (T) new JsonArray(l);
    }
    if (value instanceof JsonArray a && (type == List.class || type == Collection.class)) {
      return (T) a.getList();
    }
    if (value instanceof String s && type == byte[].class) {
      return (T) java.util.Base64.getDecoder().decode(s);
    }
    throw new IllegalArgumentException("expected " + type.getSimpleName() + ", got "
        + value.getClass().getSimpleName() + " " + preview(value));
  }

  private static Object convertNumber(Number n, Class<?> type) {
    if (type == Double.class || type == double.class) {
      return n.doubleValue();
    }
    if (type == Float.class || type == float.class) {
      return n.floatValue();
    }
    if (type == BigDecimal.class) {
      return new BigDecimal(n.toString());
    }
    if (!isWhole(n)) {
      return null;
    }
    long v = n.longValue();
    if (type == Long.class || type == long.class) {
      return n instanceof BigInteger b && b.bitLength() > 63 ? null : v;
    }
    if (type == Integer.class || type == int.class) {
      return v == (int) v ? (int) v : null;
    }
    if (type == Short.class || type == short.class) {
      return v == (short) v ? (short) v : null;
    }
    if (type == Byte.class || type == byte.class) {
      return v == (byte) v ? (byte) v : null;
    }
    if (type == BigInteger.class) {
      return new BigInteger(n.toString());
    }
    return null;
  }

  private static boolean isWhole(Number n) {
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      return d == Math.rint(d) && !Double.isInfinite(d);
    }
    if (n instanceof BigDecimal b) {
      return b.stripTrailingZeros().scale() <= 0;
    }
    return true;
  }

  /** A short rendering of a value for error messages. */
  public static String preview(Object value) {
    String s = value instanceof String str ? '"' + str + '"' : String.valueOf(value);
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
