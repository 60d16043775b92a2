package io.taskbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** imap and its kin: order, completion order, backpressure, a stream input, how they end. */
@Timeout(60)
class ResultStreamTest {

  private static final Vertx VERTX = Vertx.vertx();
  private final LocalTaskPool pool = TaskPool.local(VERTX, new PoolOptions(), 2);

  @AfterAll
  static void close() {
    VERTX.close();
  }

  /** Every result the stream delivers, in delivery order, synchronised for the test thread. */
  private static <R> List<R> collect(ResultStream<R> stream) {
    List<R> got = Collections.synchronizedList(new ArrayList<>());
    stream.handler(got::add);
    return got;
  }

  /** Counts how many items the pool pulled. */
  private static Iterator<Integer> counting(int n, AtomicInteger pulled) {
    Iterator<Integer> items = IntStream.range(0, n).boxed().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return items.hasNext();
      }

      @Override
      public Integer next() {
        pulled.incrementAndGet();
        return items.next();
      }
    };
  }

  @Test
  void imap_deliversInInputOrder_thoughItemsFinishOutOfOrder() throws Exception {
    List<Integer> sleeps = IntStream.range(0, 12).map(i -> (12 - i) * 10).boxed().toList();
    ResultStream<Integer> stream = pool.imap("sleep", sleeps.iterator(),
        new JobOptions().setChunkSize(1));
    List<Integer> got = collect(stream);
    stream.end().await(30, TimeUnit.SECONDS);
    assertThat(got).isEqualTo(sleeps);
  }

  @Test
  void imapUnordered_deliversInCompletionOrder() throws Exception {
    List<Integer> sleeps = List.of(400, 1, 1, 1, 1, 1);
    ResultStream<Integer> stream = pool.imapUnordered("sleep", sleeps.iterator(),
        new JobOptions().setChunkSize(1));
    List<Integer> got = collect(stream);
    stream.end().await(30, TimeUnit.SECONDS);
    assertThat(got).containsExactlyInAnyOrderElementsOf(sleeps);
    assertThat(got.get(got.size() - 1)).as("the slow first item comes last").isEqualTo(400);
  }

  @Test
  void istarmap_runsArgumentLists_inOrder() throws Exception {
    ResultStream<Integer> stream = pool.istarmap("mul",
        List.of(List.of(1, 4), List.of(2, 5), List.of(3, 6)));
    List<Integer> got = collect(stream);
    stream.end().await(30, TimeUnit.SECONDS);
    assertThat(got).containsExactly(4, 10, 18);
  }

  @Test
  void pausedConsumer_stopsDispatchAtTheBuffer_andFetchLetsItOnByAsMany() throws Exception {
    AtomicInteger pulled = new AtomicInteger();
    ResultStream<Integer> stream = pool.imap("double", counting(10_000, pulled),
        new JobOptions().setChunkSize(5).setStreamBuffer(50));
    stream.pause();
    List<Integer> got = collect(stream);
    // once every pulled item is done and none was read, nothing more can be pulled
    await().atMost(Duration.ofSeconds(20)).until(() -> stream.progress().done() >= 50
        && stream.progress().done() == pulled.get());
    assertThat(pulled.get()).isLessThanOrEqualTo(50);
    assertThat(got).isEmpty();
    stream.fetch(10);
    await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 10
        && stream.progress().done() == pulled.get() && pulled.get() >= 60);
    assertThat(pulled.get()).isLessThanOrEqualTo(60);
    stream.resume();
    stream.end().await(30, TimeUnit.SECONDS);
    assertThat(got).isEqualTo(IntStream.range(0, 10_000).map(i -> 2 * i).boxed().toList());
  }

  @Test
  void slowHeadItem_holdsOrderedDispatchAtTheBuffer() throws Exception {
    CountDownLatch head = new CountDownLatch(1);
    pool.register("heldhead", Integer.class, i -> {
      if (i == 0) {
        head.await(30, TimeUnit.SECONDS); // the slow first item is the point of the test
      }
      return i;
    });
    AtomicInteger pulled = new AtomicInteger();
    ResultStream<Integer> stream = pool.imap("heldhead", counting(1_000, pulled),
        new JobOptions().setChunkSize(1).setStreamBuffer(20));
    List<Integer> got = collect(stream);
    await().atMost(Duration.ofSeconds(20)).until(() -> stream.progress().done() == 19);
    assertThat(pulled.get()).as("the head and the buffer's worth after it").isEqualTo(20);
    assertThat(got).isEmpty();
    head.countDown();
    stream.end().await(30, TimeUnit.SECONDS);
    assertThat(got).isEqualTo(IntStream.range(0, 1_000).boxed().toList());
  }

  @Test
  void readStreamInput_isReadOnlyAsDispatchNeedsIt() throws Exception {
    ListReadStream<Integer> input = new ListReadStream<>(IntStream.range(0, 20_000).boxed()
        .toList());
    ResultStream<Integer> stream = pool.imap("double", input,
        new JobOptions().setStreamBuffer(100));
    stream.pause();
    List<Integer> got = collect(stream);
    await().atMost(Duration.ofSeconds(20)).until(() -> stream.progress().done() >= 100);
    long emitted = input.emitted.get();
    assertThat(emitted).as("the buffer plus the input's read-ahead, not all 20,000")
        .isLessThan(100 + 2_000);
    stream.resume();
    stream.end().await(30, TimeUnit.SECONDS);
    assertThat(got).isEqualTo(IntStream.range(0, 20_000).map(i -> 2 * i).boxed().toList());
  }

  @Test
  void failingTask_endsTheStreamWithTheJobsException() {
    ResultStream<Object> stream = pool.imap("fail", List.of("boom"));
    AtomicInteger ended = new AtomicInteger();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    stream.exceptionHandler(errors::add).endHandler(v -> ended.incrementAndGet());
    collect(stream);
    assertThatThrownBy(() -> stream.end().await(30, TimeUnit.SECONDS))
        .isInstanceOf(TaskFailedException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> errors.size() == 1);
    assertThat(errors.get(0)).isInstanceOf(TaskFailedException.class);
    assertThat(ended.get()).isZero();
  }

  @Test
  void handlersSetAfterTheStreamEnded_stillHearTheEndOrTheFailure() throws Exception {
    ResultStream<Object> failed = pool.imap("fail", List.of("boom"));
    assertThatThrownBy(() -> failed.end().await(30, TimeUnit.SECONDS))
        .isInstanceOf(TaskFailedException.class);
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    failed.exceptionHandler(errors::add).handler(r -> { });
    await().atMost(Duration.ofSeconds(10)).until(() -> errors.size() == 1);
    ResultStream<Integer> done = pool.imap("double", List.of(1, 2));
    await().atMost(Duration.ofSeconds(10)).until(() -> done.progress().done() == 2);
    assertThat(done.end().isComplete()).as("ends once its results are read").isFalse();
    AtomicInteger ended = new AtomicInteger();
    List<Integer> got = Collections.synchronizedList(new ArrayList<>());
    done.endHandler(v -> ended.incrementAndGet()).handler(got::add);
    await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() == 1);
    assertThat(got).containsExactly(2, 4);
  }

  @Test
  void cancel_stopsDispatch_andEndsTheStreamWithACancellation() {
    AtomicInteger pulled = new AtomicInteger();
    ResultStream<Integer> stream = pool.imap("sleep", counting(1_000, pulled),
        new JobOptions().setChunkSize(1).setStreamBuffer(10));
    collect(stream);
    stream.cancel();
    assertThatThrownBy(() -> stream.end().await(30, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    assertThat(pulled.get()).isLessThanOrEqualTo(10);
  }

  @Test
  void handlersSetAfterTheEnd_areCalledOnce() throws Exception {
    // a caller off the pool's context may set them after the job ended: it must not miss it
    ResultStream<Integer> empty = pool.imap("double", List.of());
    empty.end().await(30, TimeUnit.SECONDS);
    AtomicInteger ended = new AtomicInteger();
    empty.endHandler(v -> ended.incrementAndGet());
    await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() == 1);
    empty.fetch(1);
    empty.endHandler(v -> ended.incrementAndGet());
    await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5))
        .until(() -> ended.get() == 1);

    ResultStream<Object> failed = pool.imap("fail", List.of("boom"));
    assertThatThrownBy(() -> failed.end().await(30, TimeUnit.SECONDS))
        .isInstanceOf(TaskFailedException.class);
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    failed.endHandler(v -> ended.incrementAndGet()).exceptionHandler(errors::add);
    await().atMost(Duration.ofSeconds(10)).until(() -> errors.size() == 1);
    assertThat(errors.get(0)).isInstanceOf(TaskFailedException.class);
    assertThat(ended.get()).isEqualTo(1);
  }

  @Test
  void readStreamInput_thatEndsOnItsHandler_endsTheJob() throws Exception {
    ResultStream<Integer> stream = pool.imap("double", new EndsOnHandler<>(),
        new JobOptions());
    List<Integer> got = collect(stream);
    stream.end().await(30, TimeUnit.SECONDS);
    assertThat(got).isEmpty();
  }

  /** A stream of a list's items that emits only what is fetched, counting what it emitted. */
  static final class ListReadStream<T> implements ReadStream<T> {
    final AtomicLong emitted = new AtomicLong();
    private final List<T> items;
    private Handler<T> handler;
    private Handler<Void> endHandler;
    private long demand = Long.MAX_VALUE;
    private int next;
    private boolean emitting;

    ListReadStream(List<T> items) {
      this.items = items;
    }

    @Override
    public synchronized ReadStream<T> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public synchronized ReadStream<T> handler(Handler<T> handler) {
      this.handler = handler;
      emit();
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
    public synchronized ReadStream<T> fetch(long amount) {
      demand = amount == Long.MAX_VALUE || demand + amount < 0 ? Long.MAX_VALUE
          : demand + amount;
      emit();
      return this;
    }

    @Override
    public synchronized ReadStream<T> endHandler(Handler<Void> endHandler) {
      this.endHandler = endHandler;
      return this;
    }

    private void emit() {
      if (emitting) {
        return;
      }
      emitting = true;
      try {
        while (handler != null && demand > 0 && next < items.size()) {
          if (demand != Long.MAX_VALUE) {
            demand--;
          }
          emitted.incrementAndGet();
          handler.handle(items.get(next++));
        }
        if (next == items.size() && endHandler != null) {
          Handler<Void> end = endHandler;
          endHandler = null;
          end.handle(null);
        }
      } finally {
        emitting = false;
      }
    }
  }

  /**
   * An empty stream that starts, and so ends, when its handler is set, and then refuses an end
   * handler, as vertx-rx's {@code toReadStream} of an empty Flowable does.
   */
  static final class EndsOnHandler<T> implements ReadStream<T> {
    private Handler<Void> endHandler;
    private boolean ended;

    @Override
    public ReadStream<T> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public synchronized ReadStream<T> handler(Handler<T> handler) {
      if (handler != null && !ended) {
        ended = true;
        if (endHandler != null) {
          endHandler.handle(null);
        }
      }
      return this;
    }

    @Override
    public ReadStream<T> pause() {
      return this;
    }

    @Override
    public ReadStream<T> resume() {
      return this;
    }

    @Override
    public ReadStream<T> fetch(long amount) {
      return this;
    }

    @Override
    public synchronized ReadStream<T> endHandler(Handler<Void> endHandler) {
      if (ended && endHandler != null) {
        throw new IllegalStateException("ended");
      }
      this.endHandler = endHandler;
      return this;
    }
  }
}
