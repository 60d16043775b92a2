package io.taskbus.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker's task stream: the span of each chunk it ran (slot, job, user, task, items, start,
 * end, outcome), kept from its listener's chunk-ended events until the worker publishes them
 * in a signed batch once a second (Dask's task stream is the model). Bounded twice: at most
 * {@value #MAX_HELD} spans wait between batches and a batch carries at most
 * {@value #MAX_SPANS}, the newest; the older ones are dropped, and the next batch says how
 * many. A chunk that failed before it ran (it was never on a slot) has no span. Runs on the
 * worker's event loop.
 */
final class TaskStream implements WorkerListener {

  static final int MAX_HELD = 2_000;
  static final int MAX_SPANS = 500;

  private final ArrayDeque<ChunkRun> held = new ArrayDeque<>();
  private long dropped;

  /** Spans taken for one batch, and how many were dropped since the batch before. */
  record Taken(List<ChunkRun> spans, long dropped) {
  }

  @Override
  public void chunkEnded(ChunkRun run) {
    if (!run.started()) {
      return;
    }
    if (held.size() >= MAX_HELD) {
      held.poll();
      dropped++;
    }
    held.add(run);
  }

  /** The spans ended since the last batch (the newest {@value #MAX_SPANS}), or null if none. */
  Taken take() {
    if (held.isEmpty()) {
      return null;
    }
    while (held.size() > MAX_SPANS) {
      held.poll();
      dropped++;
    }
    Taken taken = new Taken(new ArrayList<>(held), dropped);
    held.clear();
    dropped = 0;
    return taken;
  }

  /**
   * A batch as it is signed: {@code {worker, node, slots, dropped, spans: [{slot, job, user,
   * task, items, start, end, ok}]}}; its spans' facts are final once they ended.
   */
  static JsonObject batch(String worker, String node, int slots, Taken taken) {
    JsonArray spans = new JsonArray();
    for (ChunkRun run : taken.spans()) {
      spans.add(new JsonObject().put("slot", run.slot()).put("job", run.job())
          .put("user", run.user()).put("task", run.task()).put("items", run.items())
          .put("start", run.startedAt()).put("end", run.endedAt()).put("ok", run.ok()));
    }
    return new JsonObject().put("worker", worker).put("node", node).put("slots", slots)
        .put("dropped", taken.dropped()).put("spans", spans);
  }
}
