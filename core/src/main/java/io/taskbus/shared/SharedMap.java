package io.taskbus.shared;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;

/**
 * A shared map of String keys to JSON values: {@code String}, a number ({@code Integer},
 * {@code Long}, {@code Double}, {@code Float}, {@code Short}, {@code Byte}, {@code BigInteger},
 * {@code BigDecimal}; not NaN or infinite), {@code Boolean}, {@code JsonObject} or
 * {@code JsonArray}. Any other value is refused at the call with an
 * {@link IllegalArgumentException} naming its type: nothing is ever Java-serialised. A JSON
 * value is stored as a copy, its nested maps and lists as JSON objects and arrays (as task
 * arguments are), so changing it after a put changes nothing shared.
 *
 * <p>The map holds no nulls: putting null removes the key, and a key that is absent reads as
 * null. Each operation is atomic on its own; a read-change-write of one value needs a
 * {@link SharedLock} (or {@link #putIfAbsent}).
 */
public interface SharedMap {

  String name();

  /** The value of {@code key}, or null when it has none. */
  Future<Object> get(String key);

  /** Sets {@code key} to {@code value}; null removes it. */
  Future<Void> put(String key, Object value);

  /**
   * Sets {@code key} to {@code value} only if it has no value; answers the value it already
   * had, or null when this put won. A null {@code value} stores nothing.
   */
  Future<Object> putIfAbsent(String key, Object value);

  /** Removes {@code key}; answers the value it had, or null. */
  Future<Object> remove(String key);

  Future<Integer> size();

  /** A copy of every entry. */
  Future<Map<String, Object>> entries();

  /** The same operations, waiting at most {@link SharedState#DEFAULT_TIMEOUT}. */
  default Blocking blocking() {
    return blocking(SharedState.DEFAULT_TIMEOUT);
  }

  /** The same operations, each waiting at most {@code timeout}. */
  Blocking blocking(Duration timeout);

  /** Waits for each answer; see {@link SharedState} for when it throws. */
  interface Blocking {

    Object get(String key);

    void put(String key, Object value);

    Object putIfAbsent(String key, Object value);

    Object remove(String key);

    int size();

    Map<String, Object> entries();
  }
}
