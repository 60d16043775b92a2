package io.taskbus.dashboard;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The dashboard's logged-in browsers: a random id (the cookie) per login, dropped after
 * {@link #IDLE_MS} without a request or {@link #MAX_AGE_MS} after the login, and at most
 * {@link #MAX_SESSIONS} (the least recently used goes first). What a session may see was fixed
 * by its login's token; a change of the user's permissions counts from their next login.
 * Thread-safe; time from an injected clock.
 */
final class DashboardSessions {

  static final int MAX_SESSIONS = 1_000;
  static final long IDLE_MS = 30 * 60_000;
  static final long MAX_AGE_MS = 12 * 3_600_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final class Entry {
    final Viewer viewer;
    final long createdAt;
    long usedAt;

    Entry(Viewer viewer, long now) {
      this.viewer = viewer;
      this.createdAt = now;
      this.usedAt = now;
    }
  }

  private final LongSupplier clock;
  /** In access order: the eldest is the least recently used. */
  private final LinkedHashMap<String, Entry> sessions = new LinkedHashMap<>(16, 0.75f, true);

  DashboardSessions(LongSupplier clock) {
    this.clock = clock;
  }

  /** A new session for {@code viewer}: its id, for the cookie. */
  synchronized String open(Viewer viewer) {
    long now = clock.getAsLong();
    prune(now);
    if (sessions.size() >= MAX_SESSIONS) {
      Iterator<String> eldest = sessions.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sessions.put(id, new Entry(viewer, now));
    return id;
  }

  /** The viewer of a live session (which counts as used now), or null. */
  synchronized Viewer get(String id) {
    if (id == null) {
      return null;
    }
    long now = clock.getAsLong();
    Entry entry = sessions.get(id);
    if (entry == null) {
      return null;
    }
    if (expired(entry, now)) {
      sessions.remove(id);
      return null;
    }
    entry.usedAt = now;
    return entry.viewer;
  }

  synchronized void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  synchronized int size() {
    prune(clock.getAsLong());
    return sessions.size();
  }

  private static boolean expired(Entry entry, long now) {
    return now - entry.usedAt > IDLE_MS || now - entry.createdAt > MAX_AGE_MS;
  }

  private void prune(long now) {
    sessions.values().removeIf(e -> expired(e, now));
  }

  /** For tests: the sessions' ids, least recently used first. */
  synchronized Map<String, Viewer> all() {
    Map<String, Viewer> all = new LinkedHashMap<>();
    sessions.forEach((id, e) -> all.put(id, e.viewer));
    return all;
  }
}
