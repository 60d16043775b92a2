package io.taskbus.client.rxjava3;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;

/**
 * A Flowable read as a Vert.x {@link ReadStream}, for a job's input: subscribed when a handler
 * is set, unsubscribed when it is unset, and asked for no more than the reader fetched, so the
 * Flowable runs only as far as dispatch needs.
 *
 * <p>Not {@code FlowableHelper.toReadStream}: in vertx-rx-java3 5.0.7 its serialised
 * subscriber drops the signal of items that a synchronous Flowable ({@code range},
 * {@code fromIterable}) emits inside {@code request}, so {@code fetch(50)} delivers 16 and the
 * reader stalls; and an end handler set after an empty Flowable completed throws. Here one
 * drain loop (a work counter, as RxJava's operators do) catches what arrives while it runs,
 * and an end or exception handler set after the end is told at once.
 */
final class FlowableInput<T> implements ReadStream<T>, FlowableSubscriber<T> {

  /** Stands for completion among the terminal signals. */
  private static final Throwable DONE = new Throwable("done", null, false, false) { };

  private final Flowable<T> source;
  private final AtomicInteger work = new AtomicInteger();
  // the rest guarded by this; handlers are called outside the lock, one at a time (the drain)
  private final ArrayDeque<T> pending = new ArrayDeque<>();
  private Handler<T> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private Subscription subscription;
  private long demand = Long.MAX_VALUE;
  /** Asked of the Flowable and not yet received. */
  private long outstanding;
  private Throwable terminal;
  private boolean subscribed;
  private boolean cancelled;
  private boolean told;

  private FlowableInput(Flowable<T> source) {
    this.source = source;
  }

  /** {@code source} as a stream; nothing subscribes to it before a handler is set. */
  static <T> ReadStream<T> of(Flowable<T> source) {
    return new FlowableInput<>(source);
  }

  @Override
  public ReadStream<T> handler(Handler<T> handler) {
    boolean subscribe;
    synchronized (this) {
      this.handler = handler;
      subscribe = handler != null && !subscribed;
      subscribed |= subscribe;
    }
    if (subscribe) {
      source.subscribe(this);
    } else if (handler == null) {
      cancel();
    }
    drain();
    return this;
  }

  @Override
  public synchronized ReadStream<T> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ReadStream<T> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<T> fetch(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("fetch(" + amount + ")");
    }
    synchronized (this) {
      demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    }
    drain();
    return this;
  }

  @Override
  public ReadStream<T> endHandler(Handler<Void> endHandler) {
    synchronized (this) {
      this.endHandler = endHandler;
    }
    drain();
    return this;
  }

  @Override
  public ReadStream<T> exceptionHandler(Handler<Throwable> handler) {
    synchronized (this) {
      this.exceptionHandler = handler;
    }
    drain();
    return this;
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    boolean late;
    synchronized (this) {
      this.subscription = subscription;
      late = cancelled;
    }
    if (late) {
      subscription.cancel();
    }
    drain();
  }

  @Override
  public void onNext(T item) {
    synchronized (this) {
      if (cancelled) {
        return;
      }
      pending.add(item);
      if (outstanding != Long.MAX_VALUE) {
        outstanding--;
      }
    }
    drain();
  }

  @Override
  public void onError(Throwable error) {
    terminate(error);
  }

  @Override
  public void onComplete() {
    terminate(DONE);
  }

  private void terminate(Throwable signal) {
    synchronized (this) {
      if (terminal == null) {
        terminal = signal;
      }
    }
    drain();
  }

  /** Lets go of the Flowable: its items are no longer wanted. */
  private void cancel() {
    Subscription upstream;
    synchronized (this) {
      cancelled = true;
      pending.clear();
      upstream = terminal == null ? subscription : null;
    }
    if (upstream != null) {
      upstream.cancel();
    }
  }

  /** Emits, ends and asks for more until no signal came in meanwhile (never re-entrant). */
  private void drain() {
    if (work.getAndIncrement() != 0) {
      return; // the running drain goes round once more
    }
    int missed = 1;
    do {
      emitFetched();
      endIfDone();
      askForFetched();
      missed = work.addAndGet(-missed);
    } while (missed != 0);
  }

  private void emitFetched() {
    while (true) {
      T item;
      Handler<T> to;
      synchronized (this) {
        if (handler == null || demand == 0 || pending.isEmpty()) {
          return;
        }
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        item = pending.poll();
        to = handler;
      }
      try {
        to.handle(item);
      } catch (RuntimeException e) { // the reader's failure ends the input, not the drain
        cancel();
        terminate(e);
      }
    }
  }

  private void endIfDone() {
    Handler<Throwable> onError = null;
    Handler<Void> onEnd = null;
    Throwable error;
    synchronized (this) {
      if (told || terminal == null || !pending.isEmpty()) {
        return;
      }
      error = terminal;
      if (error != DONE) {
        onError = exceptionHandler;
      } else {
        onEnd = endHandler;
      }
      told = onError != null || onEnd != null;
    }
    if (onError != null) {
      onError.handle(error);
    } else if (onEnd != null) {
      onEnd.handle(null);
    }
  }

  /** Asks the Flowable for what was fetched and is neither here nor on its way. */
  private void askForFetched() {
    Subscription upstream;
    long want;
    synchronized (this) {
      if (subscription == null || handler == null || cancelled || terminal != null
          || outstanding == Long.MAX_VALUE) {
        return;
      }
      want = demand == Long.MAX_VALUE ? Long.MAX_VALUE : demand - pending.size() - outstanding;
      if (want <= 0) {
        return;
      }
      outstanding = want == Long.MAX_VALUE ? Long.MAX_VALUE : outstanding + want;
      upstream = subscription;
    }
    upstream.request(want); // a synchronous Flowable emits in here: the drain's next round
  }
}
