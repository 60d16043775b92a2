package io.taskbus.node;

import io.taskbus.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens to the chunks a worker is sent and to the logins an auth node answers, told as
 * it happens (OkHttp's EventListener is the model): the node's metrics, the live stats of its
 * announcements and its task stream all listen here, so the dispatcher has one call at each
 * point and knows none of them. A taken chunk is told in order: taken, started (unless it
 * failed before it ran), ended; a chunk not taken is refused once.
 *
 * <p>Calls are on the worker's event loop, except {@link #chunkStarted}, made on the thread
 * that runs the chunk. A listener must be fast (the chunk path is benchmarked: no I/O, no
 * locks held for long, no allocation beyond a few objects) and must not throw.
 */
interface WorkerListener {

  /** Listens to nothing. */
  WorkerListener NONE = new WorkerListener() {
  };

  /** A chunk passed every check and is held (queued until a slot runs it). */
  default void chunkTaken(ChunkRun run) {
  }

  /**
   * A chunk was refused before it was taken; never run.
   *
   * @param task the task it asked for as sent (any string, or null): not a metric label
   */
  default void chunkRefused(String task, ErrorCode code) {
  }

  /** A chunk starts on {@link ChunkRun#slot()}; on the thread that runs it. */
  default void chunkStarted(ChunkRun run) {
  }

  /** A chunk is over: it ran (or failed) and its slot is free; its answer is under way. */
  default void chunkEnded(ChunkRun run) {
  }

  /** A login or renewal was refused with {@code code}. */
  default void loginRefused(ErrorCode code) {
  }

  /** All of {@code listeners}, in order; nulls and {@link #NONE} left out. */
  static WorkerListener of(WorkerListener... listeners) {
    List<WorkerListener> all = new ArrayList<>();
    for (WorkerListener l : listeners) {
      if (l != null && l != NONE) {
        all.add(l);
      }
    }
    return switch (all.size()) {
      case 0 -> NONE;
      case 1 -> all.get(0);
      default -> new Composite(all.toArray(new WorkerListener[0]));
    };
  }

  /** Tells each listener in turn; an array, so telling them allocates nothing. */
  final class Composite implements WorkerListener {
    private final WorkerListener[] listeners;

    private Composite(WorkerListener[] listeners) {
      this.listeners = listeners;
    }

    @Override
    public void chunkTaken(ChunkRun run) {
      for (WorkerListener l : listeners) {
        l.chunkTaken(run);
      }
    }

    @Override
    public void chunkRefused(String task, ErrorCode code) {
      for (WorkerListener l : listeners) {
        l.chunkRefused(task, code);
      }
    }

    @Override
    public void chunkStarted(ChunkRun run) {
      for (WorkerListener l : listeners) {
        l.chunkStarted(run);
      }
    }

    @Override
    public void chunkEnded(ChunkRun run) {
      for (WorkerListener l : listeners) {
        l.chunkEnded(run);
      }
    }

    @Override
    public void loginRefused(ErrorCode code) {
      for (WorkerListener l : listeners) {
        l.loginRefused(code);
      }
    }
  }
}
