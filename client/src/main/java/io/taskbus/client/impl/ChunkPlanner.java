package io.taskbus.client.impl;

/** Picks a chunk size the way {@code multiprocessing.Pool.map} picks its chunksize. */
final class ChunkPlanner {

  /** Chunks per worker slot that an automatic size aims for: enough to balance load. */
  static final int CHUNKS_PER_SLOT = 4;
  /** An upper bound on automatic sizes, so one message stays small. */
  static final int MAX_AUTO_CHUNK = 10_000;
  /** The automatic size for input of unknown length (an iterator). */
  static final int STREAM_CHUNK = 256;

  private ChunkPlanner() {
  }

  /**
   * @param requested the size the options ask for; 0 means automatic
   * @param items the job's item count
   * @param slots the worker slots alive now
   */
  static int chunkSize(int requested, long items, int slots) {
    if (requested > 0) {
      return requested;
    }
    long per = (long) Math.max(1, slots) * CHUNKS_PER_SLOT;
    long size = items / per + (items % per == 0 ? 0 : 1);
    return (int) Math.max(1, Math.min(MAX_AUTO_CHUNK, size));
  }

  /** The chunk size for input of unknown length: the one requested, else {@value #STREAM_CHUNK}. */
  static int streamChunkSize(int requested) {
    return requested > 0 ? requested : STREAM_CHUNK;
  }
}
