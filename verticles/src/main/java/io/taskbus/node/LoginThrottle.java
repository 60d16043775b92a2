package io.taskbus.node;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed logins per user name: after {@code maxFailures} within {@code windowMs}, that
 * name is locked out until the window ends, whether the next password is right or not. Unknown
 * names are counted alike, so the lockout reveals nothing. Only the most recent names are kept,
 * so random names cannot grow it without bound. Not thread-safe: one verticle's context.
 */
final class LoginThrottle {

  static final int MAX_NAMES = 10_000;

  private final int maxFailures;
  private final long windowNanos;
  private final Map<String, long[]> failures = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
      return size() > MAX_NAMES;
    }
  };

  LoginThrottle(int maxFailures, long windowMs) {
    this.maxFailures = maxFailures;
    this.windowNanos = windowMs * 1_000_000;
  }

  /** Milliseconds until {@code user} may try again; 0 when it may now. */
  long lockedForMs(String user, long now) {
    long[] entry = failures.get(user);
    if (entry == null || now - entry[1] > windowNanos) {
      return 0;
    }
    return entry[0] >= maxFailures ? Math.max(1, (entry[1] + windowNanos - now) / 1_000_000) : 0;
  }

  /** Records a failure: {@code entry[0]} counts them since the window's start, {@code [1]}. */
  void failed(String user, long now) {
    long[] entry = failures.get(user);
    if (entry == null || now - entry[1] > windowNanos) {
      failures.put(user, new long[] {1, now});
    } else {
      entry[0]++;
    }
  }

  void succeeded(String user) {
    failures.remove(user);
  }

  /** User names counted now. */
  int names() {
    return failures.size();
  }
}
