package io.taskbus.client.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A result as the type the caller asked for: JSON decodes {@code 5} as an Integer whatever the
 * task returned, so {@code apply(Long.class, ...)} widens it; the embedded pool's results go the
 * same way, so both pools give the same types. A result that cannot be that type is an error
 * naming both, never a silent cast.
 */
final class ResultTypes {

  private ResultTypes() {
  }

  @SuppressWarnings("unchecked")
  static <R> R convert(Object value, Class<R> type) {
    if (value == null || type == Object.class) {
      return (R) value;
    }
    Class<?> boxed = boxed(type);
    if (value instanceof Number n && Number.class.isAssignableFrom(boxed)) {
      return (R) number(n, boxed);
    }
    if (boxed == String.class && value instanceof CharSequence text) {
      return (R) text.toString();
    }
    if (boxed == Map.class && value instanceof JsonObject json) {
      return (R) json.getMap();
    }
    if (boxed == List.class && value instanceof JsonArray json) {
      return (R) json.getList();
    }
    if (boxed == JsonObject.class && value instanceof Map<?, ?> map) {
      return (R) new JsonObject((Map<String, Object>) map);
    }
    if (boxed == JsonArray.class && value instanceof List<?> list) {
      return (R) new JsonArray(list);
    }
    if (boxed == byte[].class) {
      if (value instanceof String text) {
        return (R) Base64.getUrlDecoder().decode(text);
      }
      if (value instanceof Buffer buffer) {
        return (R) buffer.getBytes();
      }
    }
    if (boxed.isInstance(value)) {
      return (R) value;
    }
    throw new ClassCastException("a result of type " + value.getClass().getName()
        + " is not a " + type.getName() + ": " + abbreviate(value));
  }

  private static Object number(Number n, Class<?> type) {
    if (type == Long.class) {
      return exact(n, n.longValue(), type);
    } else if (type == Integer.class) {
      return exact(n, n.intValue(), type);
    } else if (type == Short.class) {
      return exact(n, n.shortValue(), type);
    } else if (type == Byte.class) {
      return exact(n, n.byteValue(), type);
    } else if (type == Double.class) {
      return n.doubleValue();
    } else if (type == Float.class) {
      return n.floatValue();
    } else if (type == BigDecimal.class) {
      try {
        return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
      } catch (NumberFormatException e) {
        throw new ClassCastException("the result " + n + " is not a BigDecimal");
      }
    } else if (type == BigInteger.class) {
      try {
        return n instanceof BigInteger i ? i : new BigDecimal(n.toString()).toBigIntegerExact();
      } catch (ArithmeticException | NumberFormatException e) {
        throw new ClassCastException("the result " + n + " is not a BigInteger");
      }
    } else if (type.isInstance(n)) {
      return n;
    }
    throw new ClassCastException("a number is not a " + type.getName());
  }

  /** An integral type only takes a value it holds exactly: 2.5 is not a Long. */
  private static Object exact(Number n, Number converted, Class<?> type) {
    boolean same;
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      same = n.longValue() == converted.longValue();
    } else if (n instanceof Double || n instanceof Float) {
      same = Double.isFinite(n.doubleValue()) && n.doubleValue() == converted.doubleValue()
          && Math.abs(n.doubleValue()) < 0x1p63;
    } else {
      same = new BigDecimal(n.toString()).compareTo(new BigDecimal(converted.toString())) == 0;
    }
    if (!same) {
      throw new ClassCastException("the result " + n + " is not a " + type.getName());
    }
    return converted;
  }

  private static Class<?> boxed(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    return switch (type.getName()) {
      case "long" -> Long.class;
      case "int" -> Integer.class;
      case "double" -> Double.class;
      case "float" -> Float.class;
      case "short" -> Short.class;
      case "byte" -> Byte.class;
      case "boolean" -> Boolean.class;
      case "char" -> Character.class;
      default -> type;
    };
  }

  private static String abbreviate(Object value) {
    String text = String.valueOf(value);
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
