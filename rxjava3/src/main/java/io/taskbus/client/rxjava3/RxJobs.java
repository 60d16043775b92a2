package io.taskbus.client.rxjava3;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.taskbus.client.MapResult;
import io.taskbus.client.ResultStream;
import io.taskbus.client.TaskResult;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Supplier;

/**
 * Jobs as lazy Rx types: each subscription starts a new job, and a subscriber that leaves
 * cancels it, which stops dispatch and tells the workers.
 */
final class RxJobs {

  private RxJobs() {
  }

  /** The ordered results of the job {@code start} begins at each subscription. */
  static <R> Single<List<R>> list(Supplier<MapResult<R>> start) {
    return Single.create(emitter -> {
      if (!emitter.isDisposed()) {
        MapResult<R> job = start.get();
        settle(emitter, job.toFuture(), job, "the job");
      }
    });
  }

  /** The one result of the task call {@code start} begins at each subscription. */
  static <R> Single<R> one(String task, Supplier<TaskResult<R>> start) {
    return Single.create(emitter -> {
      if (!emitter.isDisposed()) {
        TaskResult<R> call = start.get();
        settle(emitter, call.toFuture(), call, "task " + task);
      }
    });
  }

  /**
   * The results of the stream {@code start} begins at each subscription, fetched as the
   * subscriber requests them.
   */
  static <R> Flowable<R> stream(String task, Supplier<ResultStream<R>> start) {
    return RxJavaPlugins.onAssembly(new ResultFlowable<>(task, start));
  }

  private static <T> void settle(SingleEmitter<T> emitter, Future<T> outcome,
      java.util.concurrent.Future<?> job, String what) {
    // cancel(true) tells the workers; after the outcome it is a no-op
    emitter.setCancellable(() -> job.cancel(true));
    outcome.onComplete(result -> {
      if (result.failed()) {
        emitter.tryOnError(result.cause()); // a disposed Single's cancellation goes nowhere
      } else if (result.result() == null) {
        emitter.tryOnError(new NullPointerException(what + " gave a null result, which a Single"
            + " cannot carry: use getDelegate()'s async methods for results that may be null"));
      } else {
        emitter.onSuccess(result.result());
      }
    });
  }
}
