package io.taskbus.client.impl;

import java.util.List;

/**
 * Where a {@link Job} puts its results: a list built whole ({@link ListSink}), or a stream read
 * as it goes ({@link StreamSink}). Called on the pool's context only.
 */
interface ResultSink {

  /**
   * Takes a chunk's results for items {@code first ..}; indexes that already have one are
   * ignored.
   *
   * @return how many indexes took a result now
   */
  int fill(int first, List<Object> results);

  /** How many more items may be pulled from the input now, {@code taken} being pulled so far. */
  int room(int taken);

  /** How many indexes have a result. */
  int count();

  /** Every one of {@code items} items has a result: the job's value (null for a stream). */
  List<Object> finish(int items);

  /** The job failed: a stream ends with {@code error}. */
  void fail(Throwable error);
}
