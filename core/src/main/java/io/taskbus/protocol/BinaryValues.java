package io.taskbus.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.impl.JsonUtil;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary form of the plain values JSON carries: a tag byte, then the value. A list
 * of ints travels as one array of 4-byte ints. Read back, every value is what JSON would have
 * given (an {@code Integer} for a whole number that fits, {@code Long}, {@code Double},
 * {@code BigInteger}, {@code String}, {@code Boolean}, null, {@link JsonObject},
 * {@link JsonArray}; bytes as base64 text), so a task cannot tell the codecs apart. Data only:
 * nothing is ever Java-serialised. Reading checks every count against the bytes left and
 * bounds the nesting, so a hostile body fails cleanly instead of allocating or recursing.
 */
public final class BinaryValues {

  static final byte NULL = 0;
  static final byte FALSE = 1;
  static final byte TRUE = 2;
  static final byte INT = 3;
  static final byte LONG = 4;
  static final byte DOUBLE = 5;
  static final byte STRING = 6;
  static final byte BYTES = 7;
  static final byte LIST = 8;
  static final byte MAP = 9;
  static final byte INTS = 10;
  static final byte BIG_INTEGER = 11;
  /** Nesting deeper than this is refused when read. */
  static final int MAX_DEPTH = 128;

  private BinaryValues() {
  }

  /** Appends {@code value}, a plain value as {@link JsonValues#toWire} allows. */
  public static void write(Buffer out, Object value) {
    if (value == null) {
      out.appendByte(NULL);
    } else if (value instanceof Boolean b) {
      out.appendByte(b ? TRUE : FALSE);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      out.appendByte(INT).appendInt(((Number) value).intValue());
    } else if (value instanceof Long l) {
      writeLong(out, l);
    } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      out.appendByte(DOUBLE).appendDouble(((Number) value).doubleValue());
    } else if (value instanceof BigInteger big) {
      if (big.bitLength() < 64) {
        writeLong(out, big.longValue());
      } else {
        writeString(out.appendByte(BIG_INTEGER), big.toString());
      }
    } else if (value instanceof String s) {
      writeString(out.appendByte(STRING), s);
    } else if (value instanceof byte[] bytes) {
      out.appendByte(BYTES).appendInt(bytes.length).appendBytes(bytes);
    } else if (value instanceof Buffer buffer) {
      out.appendByte(BYTES).appendInt(buffer.length()).appendBuffer(buffer);
    } else if (value instanceof JsonObject o) {
      writeMap(out, o.getMap());
    } else if (value instanceof Map<?, ?> map) {
      writeMap(out, map);
    } else if (value instanceof JsonArray a) {
      writeList(out, a.getList());
    } else if (value instanceof List<?> list) {
      writeList(out, list);
    } else {
      throw new IllegalArgumentException("not a plain value: " + value.getClass().getName());
    }
  }

  /** Appends a list: as an array of ints when every item is an {@code Integer}. */
  public static void writeList(Buffer out, List<?> list) {
    if (list instanceof IntValues ints) {
      out.appendByte(INTS).appendInt(ints.size());
      for (int i = 0; i < ints.size(); i++) {
        out.appendInt(ints.getInt(i));
      }
      return;
    }
    if (allInts(list)) {
      out.appendByte(INTS).appendInt(list.size());
      for (Object item : list) {
        out.appendInt((Integer) item);
      }
      return;
    }
    out.appendByte(LIST).appendInt(list.size());
    for (Object item : list) {
      write(out, item);
    }
  }

  private static boolean allInts(List<?> list) {
    if (list.isEmpty()) {
      return false;
    }
    for (Object item : list) {
      if (!(item instanceof Integer)) {
        return false;
      }
    }
    return true;
  }

  private static void writeLong(Buffer out, long l) {
    if (l == (int) l) {
      out.appendByte(INT).appendInt((int) l);
    } else {
      out.appendByte(LONG).appendLong(l);
    }
  }

  private static void writeMap(Buffer out, Map<?, ?> map) {
    out.appendByte(MAP).appendInt(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      writeString(out, String.valueOf(e.getKey()));
      write(out, e.getValue());
    }
  }

  static void writeString(Buffer out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.appendInt(bytes.length).appendBytes(bytes);
  }

  /** Reads values from a buffer, from a position on. */
  public static final class Reader {
    private final Buffer in;
    private int pos;

    public Reader(Buffer in, int pos) {
      this.in = in;
      this.pos = pos;
    }

    public int position() {
      return pos;
    }

    public boolean atEnd() {
      return pos == in.length();
    }

    public byte readByte() {
      need(1);
      return in.getByte(pos++);
    }

    public int readInt() {
      need(4);
      int v = in.getInt(pos);
      pos += 4;
      return v;
    }

    public long readLong() {
      need(8);
      long v = in.getLong(pos);
      pos += 8;
      return v;
    }

    public String readString() {
      int length = count(1);
      String s = in.getString(pos, pos + length, "UTF-8");
      pos += length;
      return s;
    }

    /** A value, read as JSON would give it. */
    public Object readValue() {
      return value(readByte(), 0);
    }

    /** A list value, as a list of what JSON would give (ints stay unboxed until read). */
    public List<Object> readList() {
      byte tag = readByte();
      if (tag == INTS) {
        return ints();
      }
      if (tag != LIST) {
        throw bad("a list was expected, found tag " + tag);
      }
      return list(0);
    }

    private Object value(byte tag, int depth) {
      if (depth > MAX_DEPTH) {
        throw bad("values nested deeper than " + MAX_DEPTH);
      }
      return switch (tag) {
        case NULL -> null;
        case FALSE -> Boolean.FALSE;
        case TRUE -> Boolean.TRUE;
        case INT -> readInt();
        case LONG -> readLong();
        case DOUBLE -> {
          need(8);
          double d = in.getDouble(pos);
          pos += 8;
          yield d;
        }
        case STRING -> readString();
        case BIG_INTEGER -> new BigInteger(readString());
        case BYTES -> {
          int length = count(1);
          byte[] bytes = in.getBytes(pos, pos + length);
          pos += length;
          yield JsonUtil.BASE64_ENCODER.encodeToString(bytes); // as Vert.x JSON writes bytes
        }
        case LIST -> new JsonArray(list(depth + 1));
        case INTS -> new JsonArray(new ArrayList<>(ints()));
        case MAP -> map(depth + 1);
        default -> throw bad("unknown value tag " + tag);
      };
    }

    private List<Object> list(int depth) {
      int n = count(1);
      List<Object> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(value(readByte(), depth));
      }
      return out;
    }

    private JsonObject map(int depth) {
      int n = count(5);
      Map<String, Object> out = new LinkedHashMap<>(Math.max(16, n * 2));
      for (int i = 0; i < n; i++) {
        String key = readString();
        out.put(key, value(readByte(), depth));
      }
      return new JsonObject(out);
    }

    private List<Object> ints() {
      int n = count(4);
      int[] values = new int[n];
      for (int i = 0; i < n; i++) {
        values[i] = in.getInt(pos);
        pos += 4;
      }
      return IntValues.of(values);
    }

    /** A count of items of at least {@code minBytes} each: never more than the bytes left. */
    private int count(int minBytes) {
      int n = readInt();
      if (n < 0 || (long) n * minBytes > in.length() - pos) {
        throw bad("a count of " + n + " does not fit in the " + (in.length() - pos)
            + " bytes left");
      }
      return n;
    }

    private void need(int bytes) {
      if (in.length() - pos < bytes) {
        throw bad("the body ends too soon");
      }
    }

    private static ProtocolException bad(String message) {
      return new ProtocolException(ErrorCode.BAD_REQUEST, "malformed binary body: " + message);
    }
  }
}
