package io.taskbus.client.impl;

import io.taskbus.client.OutputLine;
import io.taskbus.client.Progress;
import io.taskbus.client.ResultStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of an {@code imap}, read as they come: in input order (a result waits for every
 * earlier one) or in completion order. The job pulls items only while fewer than {@code buffer}
 * are pulled and not yet read, so a paused consumer or a slow head item stops dispatch instead
 * of growing the buffer. Results are delivered on the pool's context; the stream's controls may
 * be called from any thread (state is guarded by this object's lock, user code runs outside it).
 * Chunks cover disjoint ranges of indexes and each is accepted once, so no index comes twice.
 */
final class StreamSink<R> implements ResultSink, ResultStream<R> {

  private static final System.Logger LOG = System.getLogger(StreamSink.class.getName());

  private final boolean ordered;
  private final int buffer;
  private final Scheduler scheduler;
  private final Promise<Void> end;
  /** Ordered: results that arrived before an earlier one, by index. */
  private final Map<Integer, Object> early = new HashMap<>();
  /** Results ready to be read, in the order they will be. */
  private final ArrayDeque<Object> ready = new ArrayDeque<>();
  private Job job;
  private Runnable roomOpened = () -> { };
  private Handler<R> handler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;
  private long demand = Long.MAX_VALUE;
  private int next;
  private int count;
  private int delivered;
  private boolean finished;
  private Throwable failure;
  private boolean over;
  /** Whether the end or exception handler was told of the end. */
  private boolean told;
  private boolean delivering;

  StreamSink(boolean ordered, int buffer, Scheduler scheduler) {
    this.ordered = ordered;
    this.buffer = buffer;
    this.scheduler = scheduler;
    this.end = scheduler.promise();
  }

  /** The job that feeds this stream; {@code roomOpened} asks it to pull more. */
  void bind(Job job, Runnable roomOpened) {
    this.job = job;
    this.roomOpened = roomOpened;
  }

  @Override
  public int fill(int first, List<Object> results) {
    synchronized (this) {
      for (int i = 0; i < results.size(); i++) {
        Object result = results.get(i) == null ? NULL : results.get(i);
        if (!ordered) {
          ready.add(result);
        } else if (first + i == next) {
          ready.add(result);
          next++;
          for (Object r; (r = early.remove(next)) != null; next++) {
            ready.add(r);
          }
        } else {
          early.put(first + i, result);
        }
      }
      count += results.size();
    }
    deliver();
    return results.size();
  }

  @Override
  public synchronized int room(int taken) {
    return buffer - (taken - delivered);
  }

  @Override
  public synchronized int count() {
    return count;
  }

  @Override
  public List<Object> finish(int items) {
    synchronized (this) {
      finished = true;
    }
    deliver();
    return null;
  }

  @Override
  public void fail(Throwable error) {
    synchronized (this) {
      if (finished || failure != null) {
        return;
      }
      failure = error;
      ready.clear();
      early.clear();
    }
    deliver();
  }

  @Override
  public String jobId() {
    return job.id();
  }

  @Override
  public Progress progress() {
    return job.progress();
  }

  @Override
  public void cancel() {
    job.cancel();
  }

  @Override
  public Future<Void> end() {
    return end.future();
  }

  @Override
  public ResultStream<R> outputHandler(Handler<OutputLine> listener) {
    job.onOutput(listener);
    return this;
  }

  @Override
  public ResultStream<R> exceptionHandler(Handler<Throwable> handler) {
    synchronized (this) {
      exceptionHandler = handler;
    }
    scheduler.execute(this::deliver);
    return this;
  }

  @Override
  public ResultStream<R> handler(Handler<R> handler) {
    synchronized (this) {
      this.handler = handler;
    }
    scheduler.execute(this::deliver);
    return this;
  }

  @Override
  public synchronized ResultStream<R> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ResultStream<R> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ResultStream<R> fetch(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("fetch(" + amount + ")");
    }
    synchronized (this) {
      demand = amount == Long.MAX_VALUE || demand + amount < 0 ? Long.MAX_VALUE
          : demand + amount;
    }
    scheduler.execute(this::deliver);
    return this;
  }

  @Override
  public ResultStream<R> endHandler(Handler<Void> endHandler) {
    synchronized (this) {
      this.endHandler = endHandler;
    }
    scheduler.execute(this::deliver);
    return this;
  }

  /** On the pool's context: hands ready results to the handler while there is demand. */
  @SuppressWarnings("unchecked")
  private void deliver() {
    if (delivering) {
      return; // a handler that calls fetch: the loop below goes on
    }
    delivering = true;
    int before = delivered;
    try {
      for (Object result; (result = poll()) != null; ) {
        call((Handler<Object>) (Handler<?>) handler, result == NULL ? null : result);
      }
    } finally {
      delivering = false;
    }
    if (delivered != before) {
      roomOpened.run();
    }
    endIfOver();
  }

  /** The next result to hand over, or null when none may be now. */
  private synchronized Object poll() {
    if (handler == null || demand == 0 || ready.isEmpty() || failure != null) {
      return null;
    }
    if (demand != Long.MAX_VALUE) {
      demand--;
    }
    delivered++;
    return ready.poll();
  }

  /**
   * Settles {@link #end()} once the stream is over, and tells the end (or exception) handler
   * once, when there is one: a handler set after the end is told then, since a caller off the
   * pool's context may set it after the job ended.
   */
  private void endIfOver() {
    Handler<Throwable> onError = null;
    Handler<Void> onEnd = null;
    Throwable error;
    boolean settle;
    synchronized (this) {
      if (!(failure != null || finished && ready.isEmpty())) {
        return;
      }
      error = failure;
      settle = !over;
      over = true;
      if (!told) {
        if (error != null) {
          onError = exceptionHandler;
        } else {
          onEnd = endHandler;
        }
        told = onError != null || onEnd != null;
      }
    }
    if (error != null) {
      call(onError, error);
    } else {
      call(onEnd, null);
    }
    if (settle && error != null) {
      end.tryFail(error);
    } else if (settle) {
      end.tryComplete();
    }
  }

  private static <T> void call(Handler<T> handler, T value) {
    if (handler == null) {
      return;
    }
    try {
      handler.handle(value);
    } catch (RuntimeException e) { // the consumer's bug must not stall the job
      LOG.log(System.Logger.Level.WARNING, "a result stream's handler threw", e);
    }
  }

  /** Stands for a null result in the queues, which hold no nulls. */
  private static final Object NULL = new Object();
}
