package io.taskbus.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads fields of a message another member sent, within the bounds a real one keeps: a field
 * of the wrong type, too long or out of range is {@link Garbage}, so that nothing a hostile
 * member sends can fail the dashboard, grow it without bound, or reach the page unchecked.
 */
final class Fields {

  /** Why a message was not believed; no stack trace: it is counted, not logged. */
  static final class Garbage extends RuntimeException {
    Garbage(String message) {
      super(message, null, false, false);
    }
  }

  private Fields() {
  }

  /** A required string of at most {@code max} characters. */
  static String text(JsonObject json, String key, int max) {
    if (!(json.getValue(key) instanceof String s) || s.isEmpty() || s.length() > max) {
      throw new Garbage(key);
    }
    return s;
  }

  /** An optional string: {@code fallback} when absent; garbage when present and wrong. */
  static String text(JsonObject json, String key, int max, String fallback) {
    return json.getValue(key) == null ? fallback : text(json, key, max);
  }

  /** A required whole number within {@code min..max}. */
  static long number(JsonObject json, String key, long min, long max) {
    if (!(json.getValue(key) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || n.longValue() < min || n.longValue() > max) {
      throw new Garbage(key);
    }
    return n.longValue();
  }

  /** An optional whole number: {@code fallback} when absent. */
  static long number(JsonObject json, String key, long min, long max, long fallback) {
    return json.getValue(key) == null ? fallback : number(json, key, min, max);
  }

  /** An optional finite decimal within {@code min..max}: {@code fallback} when absent. */
  static double decimal(JsonObject json, String key, double min, double max, double fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())
        || n.doubleValue() < min || n.doubleValue() > max) {
      throw new Garbage(key);
    }
    return n.doubleValue();
  }

  static boolean flag(JsonObject json, String key, boolean fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw new Garbage(key);
    }
    return b;
  }

  static JsonObject object(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw new Garbage(key);
    }
    return (JsonObject) value;
  }

  /** An optional array of at most {@code max} entries (empty when absent). */
  static JsonArray array(JsonObject json, String key, int max) {
    Object value = json.getValue(key);
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray a) || a.size() > max) {
      throw new Garbage(key);
    }
    return a;
  }

  /** Strings of an array, each cut to {@code maxChars}; anything else in it is garbage. */
  static JsonArray texts(JsonArray array, int maxChars) {
    JsonArray out = new JsonArray();
    for (Object value : array) {
      if (!(value instanceof String s)) {
        throw new Garbage("a list of text");
      }
      out.add(s.length() > maxChars ? s.substring(0, maxChars) + "..." : s);
    }
    return out;
  }
}
