package io.taskbus.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A worker's announcement: who it is, where to send it chunks, how many it runs at once and
 * which tasks it serves.
 *
 * @param worker the worker's id (one per worker verticle)
 * @param node the id of the Vert.x node it runs on
 * @param capacity the most chunks it holds at once (running and queued), shared among pools
 * @param leaving true when it takes no new chunks (it is shutting down)
 * @param intervalMs how often it announces itself; silence for a few intervals means it is gone
 */
public record WorkerInfo(String worker, String node, String address, int slots, int capacity,
                         List<String> tasks, boolean leaving, long intervalMs) {

  public JsonObject toJson() {
    return new JsonObject().put("worker", worker).put("node", node).put("address", address)
        .put("slots", slots).put("capacity", capacity).put("tasks", new JsonArray(tasks))
        .put("leaving", leaving)
        .put("intervalMs", intervalMs);
  }

  @SuppressWarnings("unchecked")
  public static WorkerInfo fromJson(JsonObject json) {
    return new WorkerInfo(json.getString("worker"), json.getString("node"),
        json.getString("address"), json.getInteger("slots", 1),
        json.getInteger("capacity", 2 * json.getInteger("slots", 1)),
        json.getJsonArray("tasks", new JsonArray()).getList(), json.getBoolean("leaving", false),
        json.getLong("intervalMs", 1000L));
  }
}
