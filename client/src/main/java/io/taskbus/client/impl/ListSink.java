package io.taskbus.client.impl;

import java.util.List;

/** The results of a {@code map}: every one kept at its index, the list handed over at the end. */
final class ListSink implements ResultSink {

  private final OrderedResults results;

  ListSink(long expected) {
    results = new OrderedResults((int) Math.min(Math.max(0, expected), 1 << 20));
  }

  @Override
  public int fill(int first, List<Object> chunk) {
    return results.fill(first, chunk);
  }

  @Override
  public int room(int taken) {
    return Integer.MAX_VALUE;
  }

  @Override
  public int count() {
    return results.count();
  }

  @Override
  public List<Object> finish(int items) {
    return results.toList(items);
  }

  @Override
  public void fail(Throwable error) {
    // the job's future carries the failure
  }
}
