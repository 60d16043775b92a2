package io.taskbus.client.rxjava3;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.taskbus.client.JobOptions;
import io.taskbus.client.TaskPool;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TaskPool} for RxJava 3, as the vertx-rx wrappers are built. Every method is lazy:
 * nothing is sent before a subscription, and each subscription runs a new job. Disposing a
 * {@link Single} or cancelling a {@link Flowable} cancels its job: dispatch stops and the
 * workers drop its queued chunks. A failed or cancelled job ends the Rx type with the job's
 * exception, as the {@link TaskPool}'s futures fail.
 *
 * <p>A Flowable is demand-driven both ways: results are fetched as the subscriber requests
 * them, and dispatch runs no further than {@link JobOptions#setStreamBuffer} items ahead of
 * what it has read; a Flowable of items is read only as dispatch needs them. Rx types carry no
 * nulls: a task's null result fails {@code apply} and ends an {@code imap} with a
 * {@link NullPointerException} (in a {@code map}'s list a null is fine).
 */
public final class RxTaskPool {

  private final TaskPool delegate;

  private RxTaskPool(TaskPool delegate) {
    this.delegate = delegate;
  }

  /** Wraps {@code delegate}; closing it stays the caller's business. */
  public static RxTaskPool newInstance(TaskPool delegate) {
    return new RxTaskPool(Objects.requireNonNull(delegate, "the pool must not be null"));
  }

  /** The pool this one wraps. */
  public TaskPool getDelegate() {
    return delegate;
  }

  /** {@link TaskPool#mapAsync(String, Iterable)}: the results in input order. */
  public <R> Single<List<R>> map(String task, Iterable<?> items) {
    return map(task, items, new JobOptions());
  }

  /** {@link #map(String, Iterable)} with this call's options. */
  public <R> Single<List<R>> map(String task, Iterable<?> items, JobOptions options) {
    return RxJobs.list(() -> delegate.mapAsync(task, items, options));
  }

  /** {@link #map(String, Iterable)} with each result as {@code type}. */
  public <R> Single<List<R>> map(Class<R> type, String task, Iterable<?> items) {
    return map(task, items, new JobOptions().setResultType(type));
  }

  /** {@link TaskPool#starmapAsync(String, Iterable)}: one call per argument list. */
  public <R> Single<List<R>> starmap(String task, Iterable<? extends List<?>> argLists) {
    return starmap(task, argLists, new JobOptions());
  }

  /** {@link #starmap(String, Iterable)} with this call's options. */
  public <R> Single<List<R>> starmap(String task, Iterable<? extends List<?>> argLists,
      JobOptions options) {
    return RxJobs.list(() -> delegate.starmapAsync(task, argLists, options));
  }

  /** {@link #starmap(String, Iterable)} with each result as {@code type}. */
  public <R> Single<List<R>> starmap(Class<R> type, String task,
      Iterable<? extends List<?>> argLists) {
    return starmap(task, argLists, new JobOptions().setResultType(type));
  }

  /** {@link TaskPool#applyAsync(String, Object...)}: one call of {@code task}. */
  public <R> Single<R> apply(String task, Object... args) {
    return apply(task, argList(args), new JobOptions());
  }

  /** {@link #apply(String, Object...)} with the result as {@code type}. */
  public <R> Single<R> apply(Class<R> type, String task, Object... args) {
    return apply(task, argList(args), new JobOptions().setResultType(type));
  }

  /** {@link #apply(String, Object...)} with this call's options. */
  public <R> Single<R> apply(String task, List<?> args, JobOptions options) {
    return RxJobs.one(task, () -> delegate.applyAsync(task, args, options));
  }

  /** {@link TaskPool#imap}: the results in input order; each subscription iterates anew. */
  public <R> Flowable<R> imap(String task, Iterable<?> items) {
    return imap(task, items, new JobOptions());
  }

  /** {@link #imap(String, Iterable)} with this call's options. */
  public <R> Flowable<R> imap(String task, Iterable<?> items, JobOptions options) {
    return RxJobs.stream(task, () -> delegate.imap(task, items.iterator(), options));
  }

  /** {@link TaskPool#imap} over a Flowable of items, read as dispatch needs them. */
  public <R> Flowable<R> imap(String task, Flowable<?> items) {
    return imap(task, items, new JobOptions());
  }

  /** {@link #imap(String, Flowable)} with this call's options. */
  public <R> Flowable<R> imap(String task, Flowable<?> items, JobOptions options) {
    return RxJobs.stream(task,
        () -> delegate.imap(task, FlowableInput.of(items), options));
  }

  /** {@link TaskPool#imapUnordered}: the results as they complete. */
  public <R> Flowable<R> imapUnordered(String task, Iterable<?> items) {
    return imapUnordered(task, items, new JobOptions());
  }

  /** {@link #imapUnordered(String, Iterable)} with this call's options. */
  public <R> Flowable<R> imapUnordered(String task, Iterable<?> items, JobOptions options) {
    return RxJobs.stream(task, () -> delegate.imapUnordered(task, items.iterator(), options));
  }

  /** {@link #imapUnordered(String, Iterable)} over a Flowable of items. */
  public <R> Flowable<R> imapUnordered(String task, Flowable<?> items) {
    return imapUnordered(task, items, new JobOptions());
  }

  /** {@link #imapUnordered(String, Flowable)} with this call's options. */
  public <R> Flowable<R> imapUnordered(String task, Flowable<?> items, JobOptions options) {
    return RxJobs.stream(task,
        () -> delegate.imapUnordered(task, FlowableInput.of(items), options));
  }

  /** {@link TaskPool#istarmap}: one call per argument list, the results in input order. */
  public <R> Flowable<R> istarmap(String task, Iterable<? extends List<?>> argLists) {
    return istarmap(task, argLists, new JobOptions());
  }

  /** {@link #istarmap(String, Iterable)} with this call's options. */
  public <R> Flowable<R> istarmap(String task, Iterable<? extends List<?>> argLists,
      JobOptions options) {
    return RxJobs.stream(task, () -> delegate.istarmap(task, argLists.iterator(), options));
  }

  /** {@link #istarmap(String, Iterable)} over a Flowable of argument lists. */
  public <R> Flowable<R> istarmap(String task, Flowable<? extends List<?>> argLists) {
    return istarmap(task, argLists, new JobOptions());
  }

  /** {@link #istarmap(String, Flowable)} with this call's options. */
  public <R> Flowable<R> istarmap(String task, Flowable<? extends List<?>> argLists,
      JobOptions options) {
    return RxJobs.stream(task,
        () -> delegate.istarmap(task, FlowableInput.of(argLists), options));
  }

  /** {@link TaskPool#istarmapUnordered}: one call per argument list, as they complete. */
  public <R> Flowable<R> istarmapUnordered(String task, Iterable<? extends List<?>> argLists) {
    return istarmapUnordered(task, argLists, new JobOptions());
  }

  /** {@link #istarmapUnordered(String, Iterable)} with this call's options. */
  public <R> Flowable<R> istarmapUnordered(String task, Iterable<? extends List<?>> argLists,
      JobOptions options) {
    return RxJobs.stream(task,
        () -> delegate.istarmapUnordered(task, argLists.iterator(), options));
  }

  /** {@link #istarmapUnordered(String, Iterable)} over a Flowable of argument lists. */
  public <R> Flowable<R> istarmapUnordered(String task, Flowable<? extends List<?>> argLists) {
    return istarmapUnordered(task, argLists, new JobOptions());
  }

  /** {@link #istarmapUnordered(String, Flowable)} with this call's options. */
  public <R> Flowable<R> istarmapUnordered(String task, Flowable<? extends List<?>> argLists,
      JobOptions options) {
    return RxJobs.stream(task,
        () -> delegate.istarmapUnordered(task, FlowableInput.of(argLists), options));
  }

  @Override
  public String toString() {
    return "RxTaskPool[" + delegate + "]";
  }

  /** As {@link TaskPool#applyAsync(String, Object...)} reads its varargs. */
  private static List<?> argList(Object[] args) {
    return args == null ? Collections.singletonList(null) : Arrays.asList(args);
  }
}
