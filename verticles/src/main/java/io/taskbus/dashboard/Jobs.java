package io.taskbus.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Running and recent jobs from verified job reports (live events and history records), keyed
 * by user and job id: the user is the one whose session signed the report, so one user's
 * reports never change another's jobs. The newest report of a job wins (by its signed time),
 * and an ended job never runs again. A running job that goes quiet for {@link #STALE_MS} shows
 * as {@code lost} (its client went without a last word). Bounded: at most {@link #MAX_JOBS},
 * the oldest ended ones dropped first.
 */
final class Jobs {

  static final int MAX_JOBS = 500;
  static final long STALE_MS = 10_000;
  private static final int MAX_OUTPUT_LINES = 50;

  private static final class Row {
    final String user;
    JsonObject shown;
    long ts;
    long seq;
    long heardAt;
    boolean ended;

    Row(String user) {
      this.user = user;
    }
  }

  private final Map<String, Row> rows = new HashMap<>();

  /**
   * A report verified as {@code user}'s, signed at {@code ts} with number {@code seq}, heard
   * at {@code now}; false when an equal or newer one is known already.
   */
  boolean reported(String user, JsonObject record, long ts, long seq, long now) {
    String job = Fields.text(record, "job", 100);
    String key = user + "/" + job;
    Row row = rows.get(key);
    String state = Fields.text(record, "state", 20);
    boolean ended = switch (state) {
      case "running" -> false;
      case "done", "failed", "cancelled" -> true;
      default -> throw new Fields.Garbage("state");
    };
    if (row != null && (row.ended || ts < row.ts || ts == row.ts && seq <= row.seq)) {
      return false;
    }
    JsonObject shown = shown(user, job, state, record, now);
    if (row == null) {
      if (rows.size() >= MAX_JOBS && !evictOne()) {
        return false;
      }
      row = new Row(user);
      rows.put(key, row);
    }
    row.shown = shown;
    row.ts = ts;
    row.seq = seq;
    row.heardAt = now;
    row.ended = ended;
    return true;
  }

  /** The jobs {@code viewer} may see, running first, then the most recently started. */
  JsonArray snapshot(Viewer viewer, long now) {
    List<Row> visible = new ArrayList<>();
    for (Row row : rows.values()) {
      if (viewer.sees(row.user)) {
        visible.add(row);
      }
    }
    visible.sort(Comparator.comparing((Row r) -> r.ended)
        .thenComparing(r -> -r.shown.getLong("startedAt")));
    JsonArray out = new JsonArray();
    for (Row row : visible) {
      JsonObject shown = row.shown.copy().put("heardMsAgo", now - row.heardAt);
      if (!row.ended && now - row.heardAt > STALE_MS) {
        shown.put("state", "lost");
      }
      out.add(shown);
    }
    return out;
  }

  int size() {
    return rows.size();
  }

  /** Jobs reported running and heard from within {@link #STALE_MS} of {@code now}. */
  int running(long now) {
    int running = 0;
    for (Row row : rows.values()) {
      if (!row.ended && now - row.heardAt <= STALE_MS) {
        running++;
      }
    }
    return running;
  }

  private JsonObject shown(String user, String job, String state, JsonObject r, long now) {
    long total = Fields.number(r, "total", -1, Long.MAX_VALUE);
    long done = Fields.number(r, "done", 0, Long.MAX_VALUE);
    long intervalMs = Fields.number(r, "intervalMs", 0, 86_400_000, 0);
    long intervalItems = Fields.number(r, "intervalItems", 0, Long.MAX_VALUE, 0);
    boolean running = "running".equals(state);
    double overall = Fields.decimal(r, "itemsPerSecond", 0, 1e12, 0);
    double rate = running && intervalMs > 0 ? intervalItems * 1000.0 / intervalMs : overall;
    JsonObject shown = new JsonObject().put("user", user).put("job", job)
        .put("task", Fields.text(r, "task", 200))
        .put("state", state).put("total", total).put("done", done)
        .put("failed", Fields.number(r, "failed", 0, Long.MAX_VALUE, 0))
        .put("retried", Fields.number(r, "retried", 0, Long.MAX_VALUE, 0))
        .put("inFlight", Fields.number(r, "inFlight", 0, Long.MAX_VALUE, 0))
        .put("chunkSize", Fields.number(r, "chunkSize", 0, 100_000_000, 0))
        .put("startedAt", Fields.number(r, "startedAt", 0, Long.MAX_VALUE))
        .put("endedAt", Fields.number(r, "endedAt", 0, Long.MAX_VALUE, 0))
        .put("itemsPerSecond", rate);
    if (running && total >= 0 && rate > 0) {
      shown.put("etaSeconds", Math.max(0, total - done) / rate);
    }
    double p50 = Fields.decimal(r, "p50Ms", 0, 1e9, -1);
    double p99 = Fields.decimal(r, "p99Ms", 0, 1e9, -1);
    if (p50 >= 0) {
      shown.put("p50Ms", p50);
    }
    if (p99 >= 0) {
      shown.put("p99Ms", p99);
    }
    JsonObject error = Fields.object(r, "error");
    if (error != null) {
      shown.put("error", new JsonObject()
          .put("type", Fields.text(error, "type", 500, "error"))
          .put("message", cut(Fields.text(error, "message", 100_000, ""), 2_000))
          .put("item", Fields.number(error, "item", -1, Long.MAX_VALUE, -1))
          .put("output", Fields.texts(Fields.array(error, "output", MAX_OUTPUT_LINES), 500)));
    }
    return shown;
  }

  /** Drops the ended job heard longest ago, else the running one; false when none is. */
  private boolean evictOne() {
    String oldest = null;
    long oldestAt = Long.MAX_VALUE;
    boolean oldestEnded = false;
    for (Map.Entry<String, Row> e : rows.entrySet()) {
      Row row = e.getValue();
      boolean better = oldest == null || row.ended && !oldestEnded
          || row.ended == oldestEnded && row.heardAt < oldestAt;
      if (better) {
        oldest = e.getKey();
        oldestAt = row.heardAt;
        oldestEnded = row.ended;
      }
    }
    return oldest != null && rows.remove(oldest) != null;
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }
}
