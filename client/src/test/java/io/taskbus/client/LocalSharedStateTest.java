package io.taskbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.shared.SharedMap;
import io.taskbus.task.TaskContext;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shared state in the embedded pool: the tasks' and the caller's are one, within the JVM. */
@Timeout(60)
class LocalSharedStateTest {

  private static final Vertx VERTX = Vertx.vertx();

  @AfterAll
  static void close() throws Exception {
    VERTX.close().await(10, TimeUnit.SECONDS);
  }

  /** Counts the item, then appends its index to the map's list under the lock. */
  static Object countAndAppend(TaskContext ctx, JsonArray args) throws Exception {
    String name = args.getString(0);
    ctx.counter(name).blocking().incrementAndGet();
    SharedMap.Blocking map = ctx.sharedMap(name).blocking();
    ctx.lock(name).blocking().withLock(() -> {
      JsonArray list = (JsonArray) map.get("list");
      map.put("list", (list == null ? new JsonArray() : list).add(ctx.index()));
      return null;
    });
    return ctx.worker();
  }

  @Test
  void manyItems_countAndAppendUnderALock_theCallerSeesEveryOneExactlyOnce() throws Exception {
    LocalTaskPool pool = TaskPool.local(VERTX, new PoolOptions(), 4);
    pool.register("countandappend", LocalSharedStateTest::countAndAppend);
    String name = "local-" + UUID.randomUUID();
    int items = 400;
    List<Object> workers = pool.<Object>mapAsync("countandappend",
        Collections.nCopies(items, name), 5).get(30, TimeUnit.SECONDS);
    assertThat(workers).hasSize(items);
    assertThat(pool.counter(name).blocking().get()).isEqualTo(items);
    JsonArray list = (JsonArray) pool.sharedMap(name).blocking().get("list");
    assertThat(list.stream().map(i -> ((Number) i).longValue()).sorted().toList())
        .isEqualTo(LongStream.range(0, items).boxed().toList());
    pool.terminate().await(10, TimeUnit.SECONDS);
  }

  @Test
  void poolSharedState_blankNamesAndAClosedPool_areRefused() throws Exception {
    LocalTaskPool pool = TaskPool.local(VERTX, new PoolOptions(), 1);
    assertThatThrownBy(() -> pool.counter(" ")).isInstanceOf(IllegalArgumentException.class);
    pool.sharedMap("kept").blocking().put("k", 1);
    pool.terminate().await(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> pool.lock("any")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    // the state outlives the pool: it is the Vert.x's
    LocalTaskPool next = TaskPool.local(VERTX, new PoolOptions(), 1);
    assertThat(next.sharedMap("kept").blocking().get("k")).isEqualTo(1);
    next.terminate().await(10, TimeUnit.SECONDS);
  }
}
