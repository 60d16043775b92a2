package io.taskbus.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Names and the blocking forms' rules, on a plain (local) Vert.x. */
@Timeout(30)
class SharedStateTest {

  private static final Vertx VERTX = Vertx.vertx();
  private final SharedState shared = SharedState.create(VERTX);

  @AfterAll
  static void close() throws Exception {
    VERTX.close().await(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  "})
  void blankNames_areRefused_forEveryKind(String name) {
    assertThatThrownBy(() -> shared.counter(name)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a shared counter needs a name");
    assertThatThrownBy(() -> shared.sharedMap(name)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a shared map needs a name");
    assertThatThrownBy(() -> shared.lock(name)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a shared lock needs a name");
  }

  @Test
  void sameName_isTheSameObject_andKindsNeverMeet() throws Exception {
    SharedState other = SharedState.create(VERTX);
    shared.counter("same").blocking().addAndGet(7);
    assertThat(other.counter("same").blocking().get()).isEqualTo(7);
    assertThat(other.counter("same2").blocking().get()).isZero();
    other.sharedMap("same").blocking().put("k", "v");
    assertThat(shared.sharedMap("same").blocking().get("k")).isEqualTo("v");
    // a user's map named like the locks' own entries is another map
    assertThat(shared.sharedMap("lock-owners").blocking().size()).isZero();
  }

  @Test
  void blockingForms_onAnEventLoop_throwBeforeAskingAnything() throws Exception {
    SharedCounter counter = shared.counter("on-loop");
    SharedMap map = shared.sharedMap("on-loop");
    SharedLock lock = shared.lock("on-loop");
    List<Consumer<Void>> calls = List.of(
        v -> counter.blocking().incrementAndGet(),
        v -> map.blocking().put("k", 1),
        v -> lock.blocking().acquire(),
        v -> {
          try {
            lock.blocking().withLock(() -> 1);
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    for (Consumer<Void> call : calls) {
      assertThat(onEventLoop(call).cause()).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("on-loop").hasMessageContaining("event-loop thread");
    }
    assertThat(counter.blocking().get()).isZero();
    assertThat(map.blocking().size()).isZero();
    lock.blocking().acquire().release(); // nothing held it
  }

  @Test
  void timeouts_mustBePositive() {
    assertThatThrownBy(() -> shared.counter("t").blocking(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> shared.lock("t").acquire(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Runs {@code call} on an event loop; the future holds what it threw. */
  private static Future<Void> onEventLoop(Consumer<Void> call) throws Exception {
    Promise<Void> done = Promise.promise();
    VERTX.runOnContext(v -> {
      try {
        call.accept(null);
        done.complete();
      } catch (Throwable e) {
        done.fail(e);
      }
    });
    Future<Void> future = done.future();
    future.toCompletionStage().toCompletableFuture().handle((r, e) -> null)
        .get(10, TimeUnit.SECONDS);
    return future;
  }
}
