package io.taskbus.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The workers as their verified announcements describe them, with the live stats the newer
 * announcements carry (busy, queued, served, CPU, heap, state; absent ones read as unknown).
 * A worker silent for three of its intervals shows as {@code silent}; after
 * {@link #FORGET_MS} it is dropped. Bounded: at most {@link #MAX_WORKERS}.
 */
final class Workers {

  static final int MAX_WORKERS = 1_000;
  /** A silent worker is kept this long, so that the page shows it went. */
  static final long FORGET_MS = 60_000;
  /** An announcement made further from now than this is a replay or a broken clock. */
  static final long MAX_SKEW_MS = 60_000;

  private record Row(JsonObject shown, long at, long heardAt, long intervalMs) {
  }

  private final Map<String, Row> rows = new HashMap<>();

  /**
   * A verified announcement ({@code WorkerInfo} as JSON) made at {@code at}, heard at
   * {@code now}; false when it is not believed (stale, out of bounds, or the table is full).
   */
  boolean announced(JsonObject info, long at, long now) {
    String worker = Fields.text(info, "worker", 200);
    if (Math.abs(now - at) > MAX_SKEW_MS) {
      return false;
    }
    Row old = rows.get(worker);
    if (old != null && at <= old.at) {
      return false; // an older or repeated announcement
    }
    int slots = (int) Fields.number(info, "slots", 0, 100_000, 1);
    long intervalMs = Fields.number(info, "intervalMs", 1, 3_600_000, 1_000);
    JsonArray tasks = Fields.texts(Fields.array(info, "tasks", 1_000), 200);
    boolean leaving = Fields.flag(info, "leaving", false);
    String state = Fields.text(info, "state", 20, leaving ? "leaving" : "serving");
    if (!state.matches("[a-z]+")) {
      throw new Fields.Garbage("state");
    }
    JsonObject shown = new JsonObject().put("worker", worker)
        .put("node", Fields.text(info, "node", 200, ""))
        .put("slots", slots)
        .put("capacity", Fields.number(info, "capacity", 0, 10_000_000, 2L * slots))
        .put("busy", Fields.number(info, "busy", 0, 100_000, 0))
        .put("queued", Fields.number(info, "queued", 0, 10_000_000, 0))
        .put("served", Fields.number(info, "served", 0, Long.MAX_VALUE, 0))
        .put("items", Fields.number(info, "items", 0, Long.MAX_VALUE, 0))
        .put("cpu", Fields.decimal(info, "cpu", -1, 1, -1))
        .put("heapUsed", Fields.number(info, "heapUsed", -1, Long.MAX_VALUE, -1))
        .put("heapMax", Fields.number(info, "heapMax", -1, Long.MAX_VALUE, -1))
        .put("startedAt", Fields.number(info, "startedAt", -1, Long.MAX_VALUE, -1))
        .put("tasks", tasks.size())
        .put("state", state);
    if (old == null && rows.size() >= MAX_WORKERS) {
      prune(now);
      if (rows.size() >= MAX_WORKERS) {
        return false;
      }
    }
    rows.put(worker, new Row(shown, at, now, intervalMs));
    return true;
  }

  /** Every worker as the page shows it, by node then worker. */
  JsonArray snapshot(long now) {
    prune(now);
    List<Row> sorted = new ArrayList<>(rows.values());
    sorted.sort(Comparator.comparing((Row r) -> r.shown.getString("node"))
        .thenComparing(r -> r.shown.getString("worker")));
    JsonArray out = new JsonArray();
    for (Row row : sorted) {
      boolean silent = now - row.heardAt > 3 * row.intervalMs;
      JsonObject shown = row.shown.copy().put("lastHeardMs", now - row.heardAt);
      if (silent) {
        shown.put("state", "silent");
      }
      out.add(shown);
    }
    return out;
  }

  /** The slots of the workers heard lately: the lanes of the task stream have these. */
  int size() {
    return rows.size();
  }

  private void prune(long now) {
    rows.values().removeIf(r -> now - r.heardAt > Math.max(FORGET_MS, 3 * r.intervalMs));
  }
}
