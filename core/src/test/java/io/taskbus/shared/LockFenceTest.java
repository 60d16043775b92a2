package io.taskbus.shared;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fence alone: the step that keeps a lock exclusive when the cluster lock is re-entered. */
@Timeout(30)
class LockFenceTest {

  private static final Vertx VERTX = Vertx.vertx();

  @AfterAll
  static void close() throws Exception {
    VERTX.close().await(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static long inMs(long ms) {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
  }

  @Test
  void claim_whileAnotherTokenHoldsIt_waitsUntilThatOneIsReleased() throws Exception {
    LockFence fence = new LockFence(VERTX, "waits");
    await(fence.claim("first", inMs(1000)));
    Future<Void> second = fence.claim("second", inMs(5000));
    await(fence.release("not-the-holder")); // only the holder's token takes it down
    Awaitility.await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2))
        .until(() -> !second.isComplete());
    await(fence.release("first"));
    await(second);
    assertThatThrownBy(() -> await(fence.claim("third", inMs(50))))
        .isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(SharedStateException.class).hasMessageContaining("still up");
  }
}
