package io.taskbus.client.rxjava3;

import io.reactivex.rxjava3.core.Flowable;
import io.taskbus.client.ResultStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The results of a stream job as a Flowable: each subscription starts the job, the
 * subscriber's {@code request(n)} is the stream's {@code fetch(n)}, and cancelling cancels the
 * job. A null result ends it with a {@link NullPointerException}, as Flowables carry no nulls.
 *
 * <p>Not {@code FlowableHelper.toFlowable}: it sets the stream's handlers before it calls
 * {@code onSubscribe}, and a stream whose job ends on the pool's context meanwhile (an empty
 * input) signals the end before {@code onSubscribe}, which breaks the Reactive Streams
 * protocol; and its cancel only lets go of the handlers, leaving the job running.
 */
final class ResultFlowable<R> extends Flowable<R> {

  private final String task;
  private final Supplier<ResultStream<R>> start;

  ResultFlowable(String task, Supplier<ResultStream<R>> start) {
    this.task = task;
    this.start = start;
  }

  @Override
  protected void subscribeActual(Subscriber<? super R> subscriber) {
    ResultStream<R> stream;
    try {
      stream = start.get();
    } catch (RuntimeException e) { // a bad call fails the subscription, as the pool's throws
      Flowable.<R>error(e).subscribe(subscriber);
      return;
    }
    stream.pause();
    Link<R> link = new Link<>(stream, subscriber, task);
    subscriber.onSubscribe(link);
    link.listen(); // after onSubscribe: the stream may end at once, even on another thread
  }

  /** One subscription: the stream's events go to the subscriber until it ends or leaves. */
  private static final class Link<R> implements Subscription {
    private final ResultStream<R> stream;
    private final Subscriber<? super R> subscriber;
    private final String task;
    private final AtomicBoolean over = new AtomicBoolean();

    Link(ResultStream<R> stream, Subscriber<? super R> subscriber, String task) {
      this.stream = stream;
      this.subscriber = subscriber;
      this.task = task;
    }

    /** Events come one at a time, on the pool's context. */
    void listen() {
      stream.exceptionHandler(this::fail);
      stream.endHandler(v -> {
        if (over.compareAndSet(false, true)) {
          subscriber.onComplete();
        }
      });
      stream.handler(this::next);
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        fail(new IllegalArgumentException("request(" + n + "): Reactive Streams rule 3.9"
            + " asks for n > 0"));
        stream.cancel();
      } else if (!over.get()) {
        stream.fetch(n);
      }
    }

    @Override
    public void cancel() {
      if (over.compareAndSet(false, true)) {
        stream.cancel(); // stops dispatch and tells the workers; its end goes nowhere
      }
    }

    private void next(R result) {
      if (over.get()) {
        return;
      }
      if (result == null) {
        cancel();
        subscriber.onError(new NullPointerException("task " + task + " gave a null result,"
            + " which a Flowable cannot carry: use getDelegate()'s streams for results that"
            + " may be null"));
        return;
      }
      subscriber.onNext(result);
    }

    private void fail(Throwable error) {
      if (over.compareAndSet(false, true)) {
        subscriber.onError(error);
      }
    }
  }
}
