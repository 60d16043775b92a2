package io.taskbus.shared;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import io.vertx.core.shareddata.SharedData;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A {@link SharedLock} in three steps, taken in order and given back in reverse:
 * <ol>
 *   <li>the guard, a local lock of this Vert.x: holders on one member queue here, so only one
 *   at a time goes on to the cluster;</li>
 *   <li>the Vert.x lock of the name ({@code SharedData.getLockWithTimeout}): members queue here
 *   without polling, and one that dies lets it go;</li>
 *   <li>the {@link LockFence}: an entry claimed atomically, whatever thread runs the claim.</li>
 * </ol>
 * Step 2 alone does not exclude: vertx-hazelcast 5.0.7 makes it an IMap lock, owned by the pool
 * thread that ran {@code tryLock} and reentrant for it, so a second acquire on the same member
 * that lands on that thread gets the lock too (a spike of 8 threads on two members kept 438 of
 * 800 increments). The guard keeps a member's holders out of step 2 together; but that lock's
 * release runs later on another thread, so the member's next holder can still re-enter it in
 * that gap, and the fence keeps it out even then. On a plain Vert.x all three are local and
 * exact.
 */
final class VertxLock implements SharedLock {

  /** How much longer than the lock's own timeout a blocking acquire waits for its answer. */
  private static final Duration ANSWER_GRACE = Duration.ofSeconds(5);
  private static final String GUARDS = VertxSharedState.PREFIX + "lock-guard.";

  private final Vertx vertx;
  private final String name;
  private final String internalName;
  private final LockFence fence;

  VertxLock(Vertx vertx, String name, String internalName) {
    this.vertx = vertx;
    this.name = name;
    this.internalName = internalName;
    this.fence = new LockFence(vertx, name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<Releasable> acquire(Duration timeout) {
    Waits.positive(timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    String token = UUID.randomUUID().toString();
    SharedData data = vertx.sharedData();
    return data.getLocalLockWithTimeout(GUARDS + name, msLeft(deadline))
        .compose(guard -> data.getLockWithTimeout(internalName, msLeft(deadline))
            .compose(lock -> fence.claim(token, deadline)
                .<Releasable>map(v -> new Held(guard, lock, token))
                .onFailure(e -> lock.release()))
            .onFailure(e -> guard.release()))
        .recover(e -> Future.failedFuture(new SharedStateException("lock '" + name
            + "' not acquired within " + timeout.toMillis() + " ms: " + e.getMessage(), e)));
  }

  /** At least 1: Vert.x takes 0 as no wait at all, and a local lock refuses it. */
  static long msLeft(long deadline) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  @Override
  public <T> Future<T> withLock(Supplier<Future<T>> block) {
    return acquire().compose(held -> {
      Future<T> result;
      try {
        result = block.get();
      } catch (Throwable e) {
        held.release();
        return Future.failedFuture(e);
      }
      if (result == null) {
        held.release();
        return Future.failedFuture(new NullPointerException("the block run under lock '" + name
            + "' returned null instead of a future"));
      }
      return result.andThen(ar -> held.release());
    });
  }

  @Override
  public Blocking blocking(Duration timeout) {
    Waits.positive(timeout);
    return new Blocking() {
      @Override
      public Releasable acquire() {
        String what = "lock '" + name + "' acquire";
        Waits.checkMayBlock(what);
        Future<Releasable> pending = VertxLock.this.acquire(timeout);
        try {
          return Waits.await(pending, timeout.plus(ANSWER_GRACE), what);
        } catch (RuntimeException e) {
          pending.onSuccess(Releasable::release); // if it comes after all, nobody holds it
          throw e;
        }
      }

      @Override
      public <T> T withLock(Callable<T> block) throws Exception {
        try (Releasable held = acquire()) {
          return block.call();
        }
      }
    };
  }

  /** The three steps held; released in reverse, the fence first, once. */
  private final class Held implements Releasable {

    private final AtomicBoolean released = new AtomicBoolean();
    private final Lock guard;
    private final Lock lock;
    private final String token;

    Held(Lock guard, Lock lock, String token) {
      this.guard = guard;
      this.lock = lock;
      this.token = token;
    }

    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        fence.release(token).onComplete(ar -> {
          lock.release();
          guard.release();
        });
      }
    }
  }
}
