package io.taskbus.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Failed logins, counted cluster-wide: one entry per failure in a Vert.x {@link AsyncMap} (a
 * Hazelcast map when clustered, so every auth node sees every failure) that expires after the
 * window. A name with {@code perName} failures in the window is locked out, and once the whole
 * cluster has {@code total} failures in the window every password login waits (renewals with a
 * token go on). Entries leave only by expiry: failing other names cannot evict a name's count,
 * and the total budget bounds the map. Unknown names count alike, so a lockout reveals nothing.
 * Concurrent logins may overshoot a limit by the logins under way.
 */
final class LoginThrottle {

  static final String MAP = "taskbus.auth.failedLogins";

  /** How long to wait; {@code everyone} when the cluster-wide budget is spent. */
  record Wait(long ms, boolean everyone) {
    static final Wait NONE = new Wait(0, false);
  }

  private final AsyncMap<String, Long> failures;
  private final int perName;
  private final int total;
  private final long windowMs;
  private final LongSupplier clock;

  private LoginThrottle(AsyncMap<String, Long> failures, int perName, int total, long windowMs,
      LongSupplier clock) {
    this.failures = failures;
    this.perName = perName;
    this.total = total;
    this.windowMs = windowMs;
    this.clock = clock;
  }

  static Future<LoginThrottle> create(Vertx vertx, int perName, int total, long windowMs,
      LongSupplier clock) {
    return vertx.sharedData().<String, Long>getAsyncMap(MAP)
        .map(map -> new LoginThrottle(map, perName, total, windowMs, clock));
  }

  /** How long {@code user} must wait before a password is checked; {@link Wait#NONE} now. */
  Future<Wait> check(String user) {
    return failures.entries().map(all -> {
      long now = clock.getAsLong();
      List<Long> everyone = new ArrayList<>();
      List<Long> named = new ArrayList<>();
      all.forEach((key, at) -> {
        if (now - at < windowMs) {
          everyone.add(at);
          if (user.equals(nameOf(key))) {
            named.add(at);
          }
        }
      });
      if (everyone.size() >= total) {
        return new Wait(untilBelow(everyone, total, now), true);
      }
      return named.size() >= perName ? new Wait(untilBelow(named, perName, now), false)
          : Wait.NONE;
    });
  }

  /** Records a failed login for {@code user}; it counts for the window, then expires. */
  Future<Void> failed(String user) {
    return failures.put(UUID.randomUUID() + ":" + user, clock.getAsLong(), windowMs);
  }

  /** A good password clears the name's count. */
  Future<Void> succeeded(String user) {
    return failures.keys().compose(keys -> Future.all(keys.stream()
        .filter(key -> user.equals(nameOf(key))).map(failures::remove).toList())).mapEmpty();
  }

  /** Milliseconds until fewer than {@code limit} of {@code times} are in the window. */
  private long untilBelow(List<Long> times, int limit, long now) {
    times.sort(null);
    return Math.max(1, times.get(times.size() - limit) + windowMs - now);
  }

  private static String nameOf(String key) {
    int colon = key.indexOf(':');
    return colon < 0 ? null : key.substring(colon + 1);
  }

  /** Failures in the map, expired ones included until the map drops them (for tests). */
  Future<Integer> size() {
    return failures.size();
  }
}
