package io.taskbus.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chunks each worker slot ran lately, from the workers' verified stream batches (Dask's
 * task stream is the model): one lane per worker slot, a span per chunk. Kept for
 * {@link #WINDOW_MS} and at most {@link #MAX_SPANS} spans; a batch no newer than the last of
 * its worker is a replay and is dropped whole, as is a batch with any span out of bounds.
 */
final class TaskStream {

  static final long WINDOW_MS = 5 * 60_000;
  static final int MAX_SPANS = 20_000;
  static final int MAX_BATCH_SPANS = 500;
  /** A chunk longer than this is not one a worker ran. */
  static final long MAX_SPAN_MS = 24 * 3_600_000L;

  private record Span(String worker, String node, int slot, String job, String user,
                      String task, long items, long start, long end, boolean ok) {
  }

  private final Deque<Span> spans = new ArrayDeque<>();
  private final Map<String, Long> lastBatch = new HashMap<>();

  /** A verified batch made at {@code at}; false when it is a replay. */
  boolean batch(JsonObject batch, long at, long now) {
    String worker = Fields.text(batch, "worker", 200);
    Long last = lastBatch.get(worker);
    if (last != null && at <= last || Math.abs(now - at) > Workers.MAX_SKEW_MS) {
      return false;
    }
    String node = Fields.text(batch, "node", 200, "");
    int slots = (int) Fields.number(batch, "slots", 0, 100_000, 1);
    JsonArray list = Fields.array(batch, "spans", MAX_BATCH_SPANS);
    Span[] read = new Span[list.size()];
    for (int i = 0; i < read.length; i++) {
      if (!(list.getValue(i) instanceof JsonObject s)) {
        throw new Fields.Garbage("span");
      }
      long start = Fields.number(s, "start", 0, Long.MAX_VALUE);
      long end = Fields.number(s, "end", start, start + MAX_SPAN_MS);
      read[i] = new Span(worker, node, (int) Fields.number(s, "slot", -1, slots - 1L),
          Fields.text(s, "job", 100, ""), Fields.text(s, "user", 100, ""),
          Fields.text(s, "task", 200, ""), Fields.number(s, "items", 0, 100_000_000, 0),
          start, end, Fields.flag(s, "ok", true));
    }
    if (last == null && lastBatch.size() >= Workers.MAX_WORKERS) {
      return false;
    }
    lastBatch.put(worker, at);
    for (Span span : read) {
      spans.addLast(span);
    }
    prune(now);
    return true;
  }

  /**
   * The spans ended in the last {@code windowMs}, at most {@code max} of the latest, and their
   * lanes; a span of a job {@code viewer} may not see shows that its slot was busy, nothing
   * more.
   */
  JsonObject snapshot(Viewer viewer, long now, long windowMs, int max) {
    prune(now);
    TreeMap<String, Integer> lanes = new TreeMap<>();
    Deque<Span> shown = new ArrayDeque<>();
    for (Iterator<Span> it = spans.descendingIterator(); it.hasNext() && shown.size() < max; ) {
      Span span = it.next();
      if (span.end >= now - windowMs) {
        shown.addFirst(span);
      }
    }
    for (Span span : shown) {
      lanes.put(lane(span), 0);
    }
    JsonArray laneList = new JsonArray();
    int index = 0;
    for (Map.Entry<String, Integer> lane : lanes.entrySet()) {
      lane.setValue(index++);
      laneList.add(lane.getKey());
    }
    JsonArray out = new JsonArray();
    for (Span span : shown) {
      JsonObject json = new JsonObject().put("lane", lanes.get(lane(span)))
          .put("start", span.start).put("end", span.end).put("ok", span.ok)
          .put("items", span.items);
      if (viewer.sees(span.user)) {
        json.put("user", span.user).put("task", span.task).put("job", span.job);
      }
      out.add(json);
    }
    return new JsonObject().put("from", now - windowMs).put("to", now).put("lanes", laneList)
        .put("spans", out);
  }

  private static String lane(Span span) {
    String slot = span.slot < 0 ? "loop" : String.format("%03d", span.slot);
    return (span.node.isEmpty() ? "" : shortId(span.node) + " ") + shortId(span.worker)
        + " #" + slot;
  }

  private static String shortId(String id) {
    return id.length() <= 8 ? id : id.substring(0, 8);
  }

  private void prune(long now) {
    while (!spans.isEmpty() && (spans.size() > MAX_SPANS
        || spans.peekFirst().end < now - WINDOW_MS)) {
      spans.pollFirst();
    }
  }
}
