package io.taskbus.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One chunk of a job on the wire: {@code {task, job, first, args: [[a1, b1], ...], timeoutMs}}.
 * Item {@code i} of the chunk is item {@code first + i} of the job.
 *
 * @param timeoutMs the per-item time limit, 0 for none
 */
public record ChunkRequest(String task, String job, long first, JsonArray args, long timeoutMs) {

  /**
   * A worker answers a chunk it still holds (queued or running) at least this often, with
   * {@code {pending: true}}; the pool answers each answer to hear more. So neither side waits
   * long on the other without word, and no deadline counts a chunk's time in a queue.
   */
  public static final long KEEPALIVE_MS = 10_000;
  /** Either side waits at most this long for the other's next word on a chunk. */
  public static final long LEG_TIMEOUT_MS = 3 * KEEPALIVE_MS;

  public JsonObject toJson() {
    return new JsonObject().put("task", task).put("job", job).put("first", first)
        .put("args", args).put("timeoutMs", timeoutMs);
  }

  /**
   * Reads a request body, checking every field's type.
   *
   * @throws ProtocolException with {@link ErrorCode#BAD_REQUEST} naming what is wrong
   */
  public static ChunkRequest fromJson(Object body, String task) {
    if (!(body instanceof JsonObject json)) {
      throw bad("the body must be a JSON object");
    }
    try {
      String job = json.getString("job");
      Long first = json.getLong("first");
      JsonArray args = json.getJsonArray("args");
      long timeout = json.getLong("timeoutMs", 0L);
      String bodyTask = json.getString("task");
      if (job == null || first == null || args == null || first < 0 || timeout < 0) {
        throw bad("job (string), first (>= 0) and args (array of arrays) are required");
      }
      if (bodyTask != null && !bodyTask.equals(task)) {
        throw bad("the body's task differs from the task header");
      }
      for (int i = 0; i < args.size(); i++) {
        if (!(args.getValue(i) instanceof JsonArray)) {
          throw bad("args[" + i + "] must be an array of arguments");
        }
      }
      return new ChunkRequest(task, job, first, args, timeout);
    } catch (ClassCastException e) {
      throw bad("a field has the wrong type: " + e.getMessage());
    }
  }

  private static ProtocolException bad(String message) {
    return new ProtocolException(ErrorCode.BAD_REQUEST, "malformed chunk: " + message);
  }
}
