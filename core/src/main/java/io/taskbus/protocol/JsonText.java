package io.taskbus.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** Sizes of JSON text, measured without writing it. */
public final class JsonText {

  private JsonText() {
  }

  /** The bytes {@code s} takes as a JSON string, quotes included (UTF-8, escapes counted). */
  public static long encodedLength(String s) {
    long n = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b'
          || c == '\f') {
        n += 2;
      } else if (c < 0x20) {
        n += 6;
      } else if (c < 0x80) {
        n += 1;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        n += 2; // a surrogate pair is 4 bytes: 2 per char
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * An upper bound on the bytes {@code value} takes as JSON text, counted no further than
   * {@code limit}: the walk stops as soon as the count passes it, so a huge value costs no
   * more than a small one.
   *
   * @return the size, or a number over {@code limit}
   */
  public static long sizeAtMost(Object value, long limit) {
    return new Counter(limit).add(value).count;
  }

  private static final class Counter {
    private final long limit;
    private long count;

    Counter(long limit) {
      this.limit = limit;
    }

    Counter add(Object value) {
      if (count > limit) {
        return this;
      }
      if (value instanceof JsonObject o) {
        value = o.getMap();
      } else if (value instanceof JsonArray a) {
        value = a.getList();
      }
      if (value instanceof Map<?, ?> map) {
        count += map.isEmpty() ? 2 : 1; // the braces, and a colon or comma per entry
        for (Map.Entry<?, ?> e : map.entrySet()) {
          count += encodedLength(String.valueOf(e.getKey())) + 2;
          add(e.getValue());
          if (count > limit) {
            break;
          }
        }
      } else if (value instanceof List<?> list) {
        count += list.isEmpty() ? 2 : 1; // the brackets, and a comma between items
        for (Object item : list) {
          count += 1;
          add(item);
          if (count > limit) {
            break;
          }
        }
      } else if (value instanceof String s) {
        count += encodedLength(s);
      } else if (value instanceof byte[] bytes) {
        count += 4L * (bytes.length + 2) / 3 + 2;
      } else if (value instanceof Buffer buffer) {
        count += 4L * (buffer.length() + 2) / 3 + 2;
      } else {
        count += String.valueOf(value).length();
      }
      return this;
    }
  }
}
