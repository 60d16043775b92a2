package io.taskbus.client.impl;

/**
 * Picks each chunk's size as a job goes, from what its chunks cost: the workers' run time per
 * item and the bytes per item. Before anything is measured it sends single items; then chunks
 * that run about {@value #TARGET_CHUNK_MS} ms and weigh at most {@value #TARGET_CHUNK_BYTES}
 * bytes, so that tiny items travel in large chunks and long tasks one at a time, with no
 * tuning. Near the end of an input of known length, chunks shrink so that every slot finishes
 * at about the same time, though never below what a chunk's trip costs (the round trip less the
 * run): a chunk that runs shorter than its trip finishes no sooner for being split. A size the
 * caller asked for wins. Runs on the pool's context.
 */
final class ChunkSizer {

  /** How long a chunk should keep a worker slot busy: long against a chunk's overhead. */
  static final long TARGET_CHUNK_MS = 20;
  /** How large a chunk's message should get. */
  static final long TARGET_CHUNK_BYTES = 1 << 20;
  /** The largest automatic chunk. */
  static final int MAX_AUTO_CHUNK = 65_536;
  /** Weight of the newest measure in the running averages. */
  private static final double NEWEST = 0.3;

  private final int requested;
  private double nanosPerItem = -1;
  private double bytesPerItem = -1;
  private double tripNanos = -1;

  /** @param requested the chunk size the caller asked for; 0 for automatic */
  ChunkSizer(int requested) {
    this.requested = requested;
  }

  /**
   * The size of the next chunk.
   *
   * @param remaining items not yet sent, or -1 when the input's length is unknown
   * @param slots the worker slots alive now
   */
  int next(long remaining, int slots) {
    if (requested > 0) {
      return requested;
    }
    if (nanosPerItem < 0) {
      return 1; // a first measure, cheaply
    }
    double size = MAX_AUTO_CHUNK;
    size = Math.min(size, TARGET_CHUNK_MS * 1e6 / Math.max(1, nanosPerItem));
    size = Math.min(size, TARGET_CHUNK_BYTES / Math.max(1, bytesPerItem));
    if (remaining >= 0) {
      double worthATrip = Math.max(0, tripNanos) / Math.max(1, nanosPerItem);
      size = Math.min(remaining, Math.min(size, Math.max(worthATrip,
          Math.ceil(remaining / (2.0 * Math.max(1, slots))))));
    }
    return (int) Math.max(1, size);
  }

  /**
   * A chunk of {@code items} items ran {@code micros} on its worker, weighed {@code bytes} and
   * came back {@code roundTripNanos} after it was sent.
   */
  void measured(int items, long micros, long bytes, long roundTripNanos) {
    if (items <= 0) {
      return;
    }
    nanosPerItem = average(nanosPerItem, micros * 1000.0 / items);
    bytesPerItem = average(bytesPerItem, (double) bytes / items);
    tripNanos = average(tripNanos, Math.max(0, roundTripNanos - micros * 1000.0));
  }

  private static double average(double before, double now) {
    return before < 0 ? now : before + NEWEST * (now - before);
  }
}
