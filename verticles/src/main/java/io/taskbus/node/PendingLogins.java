package io.taskbus.node;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The SCRAM conversations under way on one auth node, each under a random id the node picks:
 * at most {@code max}, each for at most {@link #TIMEOUT_MS} (the wait for the client's proof,
 * after which it is closed), so a flood of client-first messages cannot grow memory without
 * bound. Not thread-safe: one verticle's context.
 */
final class PendingLogins {

  static final int DEFAULT_MAX = 1_000;
  static final long TIMEOUT_MS = 10_000;

  private final int max;
  private final Set<String> open = new HashSet<>();

  PendingLogins(int max) {
    this.max = max;
  }

  /** A new conversation's id, or null when {@code max} are under way. */
  String open() {
    if (open.size() >= max) {
      return null;
    }
    String id = UUID.randomUUID().toString();
    open.add(id);
    return id;
  }

  void close(String id) {
    open.remove(id);
  }

  int size() {
    return open.size();
  }
}
