package io.taskbus.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SharedCounterTest {

  private static final Vertx VERTX = Vertx.vertx();
  private final SharedState shared = SharedState.create(VERTX);

  @AfterAll
  static void close() throws Exception {
    VERTX.close().await(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void asyncOperations_giveExactValues() throws Exception {
    SharedCounter counter = shared.counter("async");
    assertThat(counter.name()).isEqualTo("async");
    assertThat(await(counter.get())).isZero();
    assertThat(await(counter.incrementAndGet())).isEqualTo(1);
    assertThat(await(counter.addAndGet(5))).isEqualTo(6);
    assertThat(await(counter.decrementAndGet())).isEqualTo(5);
    assertThat(await(counter.compareAndSet(5, 10))).isTrue();
    assertThat(await(counter.compareAndSet(5, 11))).isFalse();
    assertThat(await(counter.get())).isEqualTo(10);
  }

  @Test
  void blockingView_givesTheSameValues() {
    SharedCounter.Blocking counter = shared.counter("blocking").blocking();
    assertThat(counter.get()).isZero();
    assertThat(counter.incrementAndGet()).isEqualTo(1);
    assertThat(counter.addAndGet(-3)).isEqualTo(-2);
    assertThat(counter.decrementAndGet()).isEqualTo(-3);
    assertThat(counter.compareAndSet(-3, 4)).isTrue();
    assertThat(counter.compareAndSet(-3, 5)).isFalse();
    assertThat(counter.get()).isEqualTo(4);
  }

  @Test
  void concurrentIncrements_areNeverLost() throws Exception {
    SharedCounter counter = shared.counter("concurrent");
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 250; i++) {
          counter.blocking().incrementAndGet();
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    assertThat(await(counter.get())).isEqualTo(1000);
  }
}
