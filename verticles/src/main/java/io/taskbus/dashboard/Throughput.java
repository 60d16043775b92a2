package io.taskbus.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Items per second and chunk latency over time, from the jobs' live reports: each report says
 * how many items its job finished in its last interval and that interval's chunk round trips
 * (p50, p99). Bucketed by second of arrival on the dashboard's clock; a bucket's rate is, for
 * each job, its items over its reported milliseconds, summed over the jobs the viewer may see;
 * its p50 and p99 are the highest any such job reported (a bound, not a merge). Kept for
 * {@link #WINDOW_MS}.
 */
final class Throughput {

  static final long WINDOW_MS = 10 * 60_000;
  static final long BUCKET_MS = 1_000;
  /** Jobs counted per bucket: more are left out of it. */
  static final int MAX_JOBS_PER_BUCKET = 500;

  private static final class Part {
    final String user;
    long items;
    long ms;
    double p50 = -1;
    double p99 = -1;

    Part(String user) {
      this.user = user;
    }
  }

  private final TreeMap<Long, Map<String, Part>> buckets = new TreeMap<>();

  void reported(String user, String job, long items, long intervalMs, double p50, double p99,
      long now) {
    if (intervalMs <= 0 && p50 < 0) {
      return;
    }
    Map<String, Part> bucket = buckets.computeIfAbsent(now / BUCKET_MS, b -> new HashMap<>());
    String key = user + "/" + job;
    Part part = bucket.get(key);
    if (part == null) {
      if (bucket.size() >= MAX_JOBS_PER_BUCKET) {
        return;
      }
      part = new Part(user);
      bucket.put(key, part);
    }
    part.items += items;
    part.ms += Math.max(0, intervalMs);
    part.p50 = Math.max(part.p50, p50);
    part.p99 = Math.max(part.p99, p99);
    prune(now);
  }

  /** One point per second with reports, oldest first: {t, itemsPerSecond, p50Ms?, p99Ms?}. */
  JsonArray snapshot(Viewer viewer, long now) {
    prune(now);
    JsonArray out = new JsonArray();
    for (Map.Entry<Long, Map<String, Part>> bucket : buckets.entrySet()) {
      double rate = 0;
      double p50 = -1;
      double p99 = -1;
      boolean any = false;
      for (Part part : bucket.getValue().values()) {
        if (viewer.sees(part.user)) {
          any = true;
          rate += part.ms > 0 ? part.items * 1000.0 / part.ms : 0;
          p50 = Math.max(p50, part.p50);
          p99 = Math.max(p99, part.p99);
        }
      }
      if (any) {
        JsonObject point = new JsonObject().put("t", bucket.getKey() * BUCKET_MS)
            .put("itemsPerSecond", rate);
        if (p50 >= 0) {
          point.put("p50Ms", p50);
        }
        if (p99 >= 0) {
          point.put("p99Ms", p99);
        }
        out.add(point);
      }
    }
    return out;
  }

  private void prune(long now) {
    buckets.headMap((now - WINDOW_MS) / BUCKET_MS).clear();
  }
}
