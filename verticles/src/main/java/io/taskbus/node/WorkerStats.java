package io.taskbus.node;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A worker's live numbers, kept from its {@link WorkerListener} events: chunks held, slots busy,
 * chunks answered and items run since it started. Its announcements carry them, and its gauges
 * read them from the scraping thread, so each is safe to read from any thread.
 */
final class WorkerStats implements WorkerListener {

  private final AtomicInteger held = new AtomicInteger();
  private final AtomicInteger busy = new AtomicInteger();
  private final LongAdder served = new LongAdder();
  private final LongAdder items = new LongAdder();
  private volatile int sessions;

  @Override
  public void chunkTaken(ChunkRun run) {
    held.incrementAndGet();
  }

  @Override
  public void chunkStarted(ChunkRun run) {
    busy.incrementAndGet();
  }

  @Override
  public void chunkEnded(ChunkRun run) {
    held.decrementAndGet();
    if (run.started()) {
      busy.decrementAndGet();
    }
    served.increment();
    if (run.ok()) {
      items.add(run.items());
    }
  }

  /** Slots running a chunk now. */
  int busy() {
    return Math.max(0, busy.get());
  }

  /** Chunks held and not running. */
  int queued() {
    return Math.max(0, held.get() - busy.get());
  }

  /** Chunks answered (run or failed) since the worker started. */
  long served() {
    return served.sum();
  }

  /** Items run since the worker started, in chunks that ran whole. */
  long items() {
    return items.sum();
  }

  /** Sessions the worker knows now ({@link SessionGuard}'s count, set on its event loop). */
  int sessions() {
    return sessions;
  }

  void sessions(int known) {
    sessions = known;
  }
}
