package io.taskbus.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A worker's announcement: who it is, where to send it chunks, how many it runs at once and
 * which tasks it serves; and its live numbers, for those who watch the cluster (an announcement
 * of an older worker lacks them: counts read 0, the rest -1).
 *
 * @param worker the worker's id (one per worker verticle)
 * @param node the id of the Vert.x node it runs on
 * @param capacity the most chunks it holds at once (running and queued), shared among pools
 * @param leaving true when it takes no new chunks (it is shutting down)
 * @param intervalMs how often it announces itself; silence for a few intervals means it is gone
 * @param busy slots running a chunk now
 * @param queued chunks held and not running
 * @param served chunks answered since it started
 * @param items items run since it started
 * @param cpu its process's recent CPU load, 0 to 1, or -1 when unknown
 * @param heapUsed its JVM's heap in use, bytes, or -1
 * @param heapMax its JVM's largest heap, bytes, or -1
 * @param startedAt when it started, epoch ms, or -1
 */
public record WorkerInfo(String worker, String node, String address, int slots, int capacity,
                         List<String> tasks, boolean leaving, long intervalMs, int busy,
                         int queued, long served, long items, double cpu, long heapUsed,
                         long heapMax, long startedAt) {

  public static final String SERVING = "serving";

  /**
   * True when {@code other} says the same of where and what a pool may send: the same worker,
   * node, address, slots, room, tasks, leaving and interval; its live numbers aside.
   */
  public boolean sameRoute(WorkerInfo other) {
    return worker.equals(other.worker) && node.equals(other.node)
        && address.equals(other.address) && slots == other.slots && capacity == other.capacity
        && tasks.equals(other.tasks) && leaving == other.leaving && intervalMs == other.intervalMs;
  }

  public static final String LEAVING = "leaving";

  /** A worker's announcement without live numbers. */
  public WorkerInfo(String worker, String node, String address, int slots, int capacity,
      List<String> tasks, boolean leaving, long intervalMs) {
    this(worker, node, address, slots, capacity, tasks, leaving, intervalMs, 0, 0, 0, 0, -1,
        -1, -1, -1);
  }

  /** {@value #SERVING}, or {@value #LEAVING} once it takes no new chunks. */
  public String state() {
    return leaving ? LEAVING : SERVING;
  }

  public JsonObject toJson() {
    return new JsonObject().put("worker", worker).put("node", node).put("address", address)
        .put("slots", slots).put("capacity", capacity).put("tasks", new JsonArray(tasks))
        .put("leaving", leaving)
        .put("intervalMs", intervalMs)
        .put("busy", busy).put("queued", queued).put("served", served).put("items", items)
        .put("cpu", cpu).put("heapUsed", heapUsed).put("heapMax", heapMax)
        .put("state", state()).put("startedAt", startedAt);
  }

  @SuppressWarnings("unchecked")
  public static WorkerInfo fromJson(JsonObject json) {
    return new WorkerInfo(json.getString("worker"), json.getString("node"),
        json.getString("address"), json.getInteger("slots", 1),
        json.getInteger("capacity", 2 * json.getInteger("slots", 1)),
        json.getJsonArray("tasks", new JsonArray()).getList(),
        json.getBoolean("leaving", false) || LEAVING.equals(json.getValue("state")),
        json.getLong("intervalMs", 1000L),
        json.getInteger("busy", 0), json.getInteger("queued", 0), json.getLong("served", 0L),
        json.getLong("items", 0L), json.getDouble("cpu", -1.0),
        json.getLong("heapUsed", -1L), json.getLong("heapMax", -1L),
        json.getLong("startedAt", -1L));
  }
}
