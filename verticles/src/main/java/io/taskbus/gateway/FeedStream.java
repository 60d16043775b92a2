package io.taskbus.gateway;

import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A job's input as the client feeds it in batches: a {@link ReadStream} that the job pulls from
 * as it has room, so the client's items wait here, a batch or two at most, not in the job. On
 * its connection's context.
 */
final class FeedStream implements ReadStream<Object> {

  private final ArrayDeque<Object> items = new ArrayDeque<>();
  private Handler<Object> handler;
  private Handler<Void> endHandler;
  private Runnable drained = () -> { };
  private long demand = Long.MAX_VALUE;
  private boolean last;
  private boolean ended;
  private boolean emitting;

  /** A batch of items; {@code more} false when it is the last. */
  void push(List<?> batch, boolean more) {
    items.addAll(batch);
    last = !more;
    emit();
  }

  int buffered() {
    return items.size();
  }

  boolean complete() {
    return last;
  }

  /** Called each time the job has taken items: the client may be told to send more. */
  void onTaken(Runnable drained) {
    this.drained = drained;
  }

  @Override
  public FeedStream exceptionHandler(Handler<Throwable> handler) {
    return this; // a feed fails nothing: bad batches are refused before they are pushed
  }

  @Override
  public FeedStream handler(Handler<Object> handler) {
    this.handler = handler;
    emit();
    return this;
  }

  @Override
  public FeedStream pause() {
    demand = 0;
    return this;
  }

  @Override
  public FeedStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public FeedStream fetch(long amount) {
    demand = Long.MAX_VALUE - demand <= amount ? Long.MAX_VALUE : demand + amount;
    emit();
    return this;
  }

  @Override
  public FeedStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    emit();
    return this;
  }

  private void emit() {
    if (emitting) {
      return; // a handler that fetches: the loop below goes on
    }
    emitting = true;
    try {
      boolean took = false;
      while (handler != null && demand > 0 && !items.isEmpty()) {
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        took = true;
        handler.handle(items.poll());
      }
      if (items.isEmpty() && last && !ended && endHandler != null) {
        ended = true;
        endHandler.handle(null);
      }
      if (took) {
        drained.run();
      }
    } finally {
      emitting = false;
    }
  }
}
