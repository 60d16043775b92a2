package io.taskbus.shared;

import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.SharedData;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link SharedMap} over a Vert.x async map (a Hazelcast IMap when clustered). Keys and values
 * are checked at the call, before anything is asked.
 */
final class VertxMap implements SharedMap {

  private final SharedData data;
  private final String name;
  private final String internalName;

  VertxMap(SharedData data, String name, String internalName) {
    this.data = data;
    this.name = name;
    this.internalName = internalName;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<Object> get(String key) {
    SharedValues.key(key);
    return map().compose(m -> m.get(key)).map(SharedValues::read);
  }

  @Override
  public Future<Void> put(String key, Object value) {
    SharedValues.key(key);
    if (value == null) {
      return remove(key).mapEmpty();
    }
    Object stored = SharedValues.stored(value);
    return map().compose(m -> m.put(key, stored));
  }

  @Override
  public Future<Object> putIfAbsent(String key, Object value) {
    SharedValues.key(key);
    if (value == null) {
      return get(key);
    }
    Object stored = SharedValues.stored(value);
    return map().compose(m -> m.putIfAbsent(key, stored)).map(SharedValues::read);
  }

  @Override
  public Future<Object> remove(String key) {
    SharedValues.key(key);
    return map().compose(m -> m.remove(key)).map(SharedValues::read);
  }

  @Override
  public Future<Integer> size() {
    return map().compose(AsyncMap::size);
  }

  @Override
  public Future<Map<String, Object>> entries() {
    return map().compose(AsyncMap::entries).map(entries -> {
      Map<String, Object> copy = new HashMap<>();
      entries.forEach((k, v) -> copy.put(k, SharedValues.read(v)));
      return copy;
    });
  }

  private Future<AsyncMap<String, Object>> map() {
    return data.getAsyncMap(internalName);
  }

  @Override
  public Blocking blocking(Duration timeout) {
    Waits.positive(timeout);
    return new Blocking() {
      @Override
      public Object get(String key) {
        return call(() -> VertxMap.this.get(key), "get");
      }

      @Override
      public void put(String key, Object value) {
        call(() -> VertxMap.this.put(key, value), "put");
      }

      @Override
      public Object putIfAbsent(String key, Object value) {
        return call(() -> VertxMap.this.putIfAbsent(key, value), "putIfAbsent");
      }

      @Override
      public Object remove(String key) {
        return call(() -> VertxMap.this.remove(key), "remove");
      }

      @Override
      public int size() {
        return call(VertxMap.this::size, "size");
      }

      @Override
      public Map<String, Object> entries() {
        return call(VertxMap.this::entries, "entries");
      }

      private <T> T call(Supplier<Future<T>> operation, String what) {
        return Waits.call(operation, timeout, "map '" + name + "' " + what);
      }
    };
  }
}
