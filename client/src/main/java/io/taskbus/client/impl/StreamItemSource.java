package io.taskbus.client.impl;

import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.function.UnaryOperator;

/**
 * A job's input read from a {@link ReadStream}, demand-driven: the stream is paused and asked
 * for items only as the job has room for them, so a fast producer never outruns the workers.
 * Items are queued on the pool's context in the order the stream emitted them.
 */
final class StreamItemSource extends ItemSource {

  /** Items asked for ahead of the job's need, so the next chunk is there when room opens. */
  static final int READ_AHEAD = 1_024;

  private final ReadStream<?> input;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private Runnable onItems = () -> { };
  private long asked;
  private boolean ended;
  private boolean closed;
  private Throwable failure;

  /** @param onError told (on the pool's context) when the input stream fails */
  StreamItemSource(ReadStream<?> input, boolean argLists, UnaryOperator<Object> prepare,
      Scheduler scheduler) {
    super(null, -1, argLists, prepare);
    this.input = input;
    input.pause();
    // the item handler last: setting it may start the stream, even end it at once, and some
    // streams refuse an end handler after their end (vertx-rx's toReadStream of an empty one)
    input.endHandler(v -> scheduler.execute(this::ended0));
    input.exceptionHandler(e -> scheduler.execute(() -> failed(e)));
    input.handler(item -> scheduler.execute(() -> arrived(item)));
  }

  @Override
  void listen(Runnable onItems) {
    this.onItems = onItems;
    askMore();
  }

  @Override
  void close() {
    if (!closed) {
      closed = true;
      queue.clear();
      input.handler(null);
      input.endHandler(null);
      input.exceptionHandler(null);
    }
  }

  @Override
  protected boolean hasNextNow() {
    return !queue.isEmpty();
  }

  @Override
  protected Object nextItem() {
    Object item = queue.poll();
    askMore();
    return item == NULL ? null : item;
  }

  @Override
  protected boolean ended() {
    return ended && queue.isEmpty();
  }

  private void arrived(Object item) {
    if (closed) {
      return;
    }
    asked--;
    queue.add(item == null ? NULL : item);
    onItems.run();
  }

  /**
   * Kept here for the job to see when it next pumps: the stream may fail on the pool's context
   * before the job that reads it is even built.
   */
  private void failed(Throwable error) {
    if (!closed && failure == null) {
      failure = error;
      onItems.run();
    }
  }

  @Override
  Throwable failure() {
    return failure;
  }

  private void ended0() {
    if (!closed) {
      ended = true;
      onItems.run();
    }
  }

  /** Keeps {@link #READ_AHEAD} items queued or asked for. */
  private void askMore() {
    long want = READ_AHEAD - queue.size() - asked;
    if (!ended && !closed && want >= READ_AHEAD / 2) {
      asked += want;
      input.fetch(want);
    }
  }

  /** Stands for a null item in the queue, which holds no nulls. */
  private static final Object NULL = new Object();
}
