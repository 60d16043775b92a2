package io.taskbus.client;

import io.taskbus.client.impl.Blocking;
import io.taskbus.client.impl.ClusterTaskPool;
import io.taskbus.client.impl.LocalPool;
import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A process pool across a Vert.x cluster: what {@code multiprocessing.Pool} is to one machine.
 * The async methods return at once; the blocking ones wait and throw the job's failure as is
 * (a {@link TaskPoolException}, or {@link TimeoutException} when an item exceeded its time
 * limit). Blocking on a Vert.x event-loop thread throws {@link IllegalStateException}.
 */
public interface TaskPool extends AutoCloseable {

  /** Logs in on a clustered {@code vertx} and returns the pool once the login succeeded. */
  static Future<TaskPool> connect(Vertx vertx, PoolOptions options) {
    return ClusterTaskPool.connect(vertx, options);
  }

  /**
   * An embedded pool: in-process workers, no cluster, no serialisation. Tasks registered on it
   * may be plain lambdas; the built-in tasks and those of {@code TaskProvider}s on the class path
   * are there too. Its slots default to the available processors.
   */
  static LocalTaskPool local(Vertx vertx) {
    return LocalPool.create(vertx, new PoolOptions(), 0);
  }

  /** An embedded pool with {@code slots} worker threads (0: the available processors). */
  static LocalTaskPool local(Vertx vertx, PoolOptions options, int slots) {
    return LocalPool.create(vertx, options, slots);
  }

  /**
   * Runs {@code task} once per item, each item its single argument. A {@link Collection} is
   * checked whole before anything is sent; any other {@link Iterable} is pulled lazily.
   */
  default <R> MapResult<R> mapAsync(String task, Iterable<?> items) {
    return mapAsync(task, items, 0);
  }

  /**
   * As {@link #mapAsync(String, Iterable)}, with {@code chunkSize} items per message (0: the
   * pool's option, else picked from the input length and the live slots, as
   * {@code Pool.map}'s chunksize).
   */
  <R> MapResult<R> mapAsync(String task, Iterable<?> items, int chunkSize);

  /**
   * Runs {@code task} once per item of {@code items}, pulled lazily: only the chunks in flight
   * hold items, so the input may be far larger than memory. An item that is not valid input
   * fails the job with an {@link IllegalArgumentException} naming it. The iterator is pulled on
   * the pool's Vert.x context: it must not block.
   */
  default <R> MapResult<R> mapAsync(String task, Iterator<?> items) {
    return mapAsync(task, items, 0);
  }

  <R> MapResult<R> mapAsync(String task, Iterator<?> items, int chunkSize);

  /** As {@link #mapAsync(String, Iterable)}, with this call's options. */
  <R> MapResult<R> mapAsync(String task, Iterable<?> items, JobOptions options);

  /** As {@link #mapAsync(String, Iterator)}, with this call's options. */
  <R> MapResult<R> mapAsync(String task, Iterator<?> items, JobOptions options);

  /** Each result as {@code type} (a Long where JSON would decode an Integer). */
  default <R> MapResult<R> mapAsync(Class<R> type, String task, Iterable<?> items) {
    return mapAsync(task, items, new JobOptions().setResultType(type));
  }

  /** Runs {@code task} once per argument list. */
  default <R> MapResult<R> starmapAsync(String task, Iterable<? extends List<?>> argLists) {
    return starmapAsync(task, argLists, 0);
  }

  /** As {@link #starmapAsync(String, Iterable)}, with {@code chunkSize} items per message. */
  <R> MapResult<R> starmapAsync(String task, Iterable<? extends List<?>> argLists,
      int chunkSize);

  /** Runs {@code task} once per argument list, pulled lazily. */
  default <R> MapResult<R> starmapAsync(String task, Iterator<? extends List<?>> argLists) {
    return starmapAsync(task, argLists, 0);
  }

  <R> MapResult<R> starmapAsync(String task, Iterator<? extends List<?>> argLists,
      int chunkSize);

  <R> MapResult<R> starmapAsync(String task, Iterable<? extends List<?>> argLists,
      JobOptions options);

  <R> MapResult<R> starmapAsync(String task, Iterator<? extends List<?>> argLists,
      JobOptions options);

  /** Runs {@code task} once with {@code args}. */
  default <R> TaskResult<R> applyAsync(String task, Object... args) {
    return applyAsync(task, args == null ? java.util.Collections.singletonList(null)
        : java.util.Arrays.asList(args), new JobOptions());
  }

  /** Runs {@code task} once with {@code args}, with this call's options. */
  <R> TaskResult<R> applyAsync(String task, List<?> args, JobOptions options);

  /** {@code Long n = pool.apply(Long.class, "sleep", 5L)}: the result as {@code type}. */
  default <R> TaskResult<R> applyAsync(Class<R> type, String task, Object... args) {
    return applyAsync(task, args == null ? java.util.Collections.singletonList(null)
        : java.util.Arrays.asList(args), new JobOptions().setResultType(type));
  }

  /**
   * {@code imap}: the results in input order as a stream, each as soon as every earlier one is
   * there. Dispatch runs only {@link JobOptions#setStreamBuffer} items ahead of the consumer.
   */
  default <R> ResultStream<R> imap(String task, Iterable<?> items) {
    return imap(task, items.iterator(), new JobOptions());
  }

  <R> ResultStream<R> imap(String task, Iterator<?> items, JobOptions options);

  /** {@code imap} over a stream of items, read as dispatch needs them (demand-driven). */
  <R> ResultStream<R> imap(String task, ReadStream<?> items, JobOptions options);

  /** {@code imap_unordered}: the results as they complete. */
  default <R> ResultStream<R> imapUnordered(String task, Iterable<?> items) {
    return imapUnordered(task, items.iterator(), new JobOptions());
  }

  <R> ResultStream<R> imapUnordered(String task, Iterator<?> items, JobOptions options);

  <R> ResultStream<R> imapUnordered(String task, ReadStream<?> items, JobOptions options);

  /** {@code imap} of argument lists, in input order. */
  default <R> ResultStream<R> istarmap(String task, Iterable<? extends List<?>> argLists) {
    return istarmap(task, argLists.iterator(), new JobOptions());
  }

  <R> ResultStream<R> istarmap(String task, Iterator<? extends List<?>> argLists,
      JobOptions options);

  <R> ResultStream<R> istarmap(String task, ReadStream<? extends List<?>> argLists,
      JobOptions options);

  /** {@code imap_unordered} of argument lists. */
  default <R> ResultStream<R> istarmapUnordered(String task,
      Iterable<? extends List<?>> argLists) {
    return istarmapUnordered(task, argLists.iterator(), new JobOptions());
  }

  <R> ResultStream<R> istarmapUnordered(String task, Iterator<? extends List<?>> argLists,
      JobOptions options);

  <R> ResultStream<R> istarmapUnordered(String task, ReadStream<? extends List<?>> argLists,
      JobOptions options);

  default <R> List<R> map(String task, Iterable<?> items) throws TimeoutException {
    return Blocking.await(this.<R>mapAsync(task, items));
  }

  default <R> List<R> map(String task, Iterator<?> items) throws TimeoutException {
    return Blocking.await(this.<R>mapAsync(task, items));
  }

  default <R> List<R> map(Class<R> type, String task, Iterable<?> items)
      throws TimeoutException {
    return Blocking.await(mapAsync(type, task, items));
  }

  default <R> List<R> starmap(String task, Iterable<? extends List<?>> argLists)
      throws TimeoutException {
    return Blocking.await(this.<R>starmapAsync(task, argLists));
  }

  default <R> List<R> starmap(String task, Iterator<? extends List<?>> argLists)
      throws TimeoutException {
    return Blocking.await(this.<R>starmapAsync(task, argLists));
  }

  default <R> List<R> starmap(Class<R> type, String task, Iterable<? extends List<?>> argLists)
      throws TimeoutException {
    return Blocking.await(this.<R>starmapAsync(task, argLists,
        new JobOptions().setResultType(type)));
  }

  default <R> R apply(String task, Object... args) throws TimeoutException {
    return Blocking.await(this.<R>applyAsync(task, args));
  }

  default <R> R apply(Class<R> type, String task, Object... args) throws TimeoutException {
    return Blocking.await(applyAsync(type, task, args));
  }

  /** The workers this pool knows of now, with their slots and tasks. */
  Future<List<WorkerInfo>> workers();

  /**
   * Python's {@code close()}: takes no new jobs (new calls throw {@link IllegalStateException})
   * and lets the running ones finish; the pool lets go of the cluster once they have (see
   * {@link #join()}). Returns at once, so try-with-resources ends a block without waiting;
   * call {@link #join()} to wait. Leaves the Vert.x it was given open (a pool from
   * {@link TaskbusConf#connect()} closes the node it started).
   */
  @Override
  void close();

  /**
   * Python's {@code join()}: completes once the pool is closed (or terminated), its jobs have
   * ended and it has let go of the cluster; fails at once if the pool is still open.
   */
  Future<Void> join();

  /**
   * Python's {@code terminate()}: fails the running jobs with a {@link TaskPoolException},
   * tells the workers to drop their chunks, takes no new jobs, and lets go of the cluster.
   */
  Future<Void> terminate();

  // Shared state (issue 8). Fully qualified names keep these lines apart from the rest.

  /**
   * The counter of that name that tasks see through {@code TaskContext.counter}: cluster-wide
   * for a connected pool, this JVM's for an embedded one. Any cluster member can reach it.
   *
   * @throws IllegalArgumentException when {@code name} is blank
   * @throws IllegalStateException when the pool is closed
   */
  io.taskbus.shared.SharedCounter counter(String name);

  /** The map of JSON values of that name, shared as {@link #counter(String)} is. */
  io.taskbus.shared.SharedMap sharedMap(String name);

  /** The lock of that name, shared as {@link #counter(String)} is. */
  io.taskbus.shared.SharedLock lock(String name);
}
