package io.taskbus.task.builtin;

/** Arithmetic that keeps whole numbers whole and fails loudly on overflow. */
final class Arithmetic {

  private Arithmetic() {
  }

  static Number multiply(Number a, Number b) {
    return whole(a) && whole(b)
        ? narrow(Math.multiplyExact(a.longValue(), b.longValue()))
        : a.doubleValue() * b.doubleValue();
  }

  static Number add(Number a, Number b) {
    return whole(a) && whole(b)
        ? narrow(Math.addExact(a.longValue(), b.longValue()))
        : a.doubleValue() + b.doubleValue();
  }

  /** An int when it fits, as JSON decoding gives, so local and remote pools return alike. */
  static Number narrow(long v) {
    if (v == (int) v) {
      return Integer.valueOf((int) v); // not a ?: expression, which would widen it back to Long
    }
    return Long.valueOf(v);
  }

  private static boolean whole(Number n) {
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
  }
}
