package io.taskbus.shared;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.concurrent.TimeUnit;

/**
 * The last step of a {@link VertxLock}: the lock's entry in one shared map, claimed with
 * {@code putIfAbsent} (atomic in a Hazelcast IMap whatever thread asks) and removed only by its
 * claimer's token. It is contended only in the rare gap the lock's comment describes, so a
 * claimer that finds it taken polls, from every few ms up to {@value #LAST_RETRY_MS} ms. The
 * entry lives at most {@value #TTL_MS} ms: a member that dies holding it blocks the others no
 * longer than that.
 */
final class LockFence {

  static final long TTL_MS = 30_000;
  private static final long FIRST_RETRY_MS = 2;
  private static final long LAST_RETRY_MS = 100;
  private static final String OWNERS = VertxSharedState.PREFIX + "lock-owners";

  private final Vertx vertx;
  private final String lock;

  LockFence(Vertx vertx, String lock) {
    this.vertx = vertx;
    this.lock = lock;
  }

  /** Succeeds once {@code token} holds the fence; fails at {@code deadline} (nanoTime). */
  Future<Void> claim(String token, long deadline) {
    return owners().compose(owners -> claim(owners, token, deadline, FIRST_RETRY_MS));
  }

  private Future<Void> claim(AsyncMap<String, String> owners, String token, long deadline,
      long retryMs) {
    return owners.putIfAbsent(lock, token, TTL_MS).compose(holder -> {
      if (holder == null) {
        return Future.succeededFuture();
      }
      long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (leftMs <= 0) {
        return Future.failedFuture(new SharedStateException("another holder's fence is still"
            + " up"));
      }
      Promise<Void> retried = Promise.promise();
      vertx.setTimer(Math.max(1, Math.min(retryMs, leftMs)), t -> claim(owners, token, deadline,
          Math.min(2 * retryMs, LAST_RETRY_MS)).onComplete(retried));
      return retried.future();
    });
  }

  /** Takes the fence down if {@code token} still holds it; never fails. */
  Future<Void> release(String token) {
    try {
      return owners().compose(owners -> owners.removeIfPresent(lock, token))
          .<Void>mapEmpty().recover(e -> Future.succeededFuture());
    } catch (RuntimeException e) { // a closed Vert.x: the entry expires on its own
      return Future.succeededFuture();
    }
  }

  private Future<AsyncMap<String, String>> owners() {
    return vertx.sharedData().getAsyncMap(OWNERS);
  }
}
