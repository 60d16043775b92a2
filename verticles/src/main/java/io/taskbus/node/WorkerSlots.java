package io.taskbus.node;

/**
 * Which of a worker's slots (its threads) runs a chunk: a chunk takes the lowest free slot when
 * it starts and gives it back when it ends, so two chunks that overlap in time never share a
 * slot, and the task stream draws each slot as one timeline. The worker's executor has as many
 * threads as slots, so a slot is always free for a chunk that starts. Taken and given back on
 * the worker's threads.
 */
final class WorkerSlots {

  private final boolean[] taken;

  WorkerSlots(int slots) {
    this.taken = new boolean[slots];
  }

  /** The lowest free slot, now taken; {@code slots} only if the executor ran more chunks. */
  synchronized int take() {
    for (int i = 0; i < taken.length; i++) {
      if (!taken[i]) {
        taken[i] = true;
        return i;
      }
    }
    return taken.length;
  }

  synchronized void release(int slot) {
    if (slot >= 0 && slot < taken.length) {
      taken[slot] = false;
    }
  }
}
