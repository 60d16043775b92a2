package io.taskbus.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A chunk's answer: {@code {results: [...], logs: [[index, line], ...], worker, micros}}, one
 * result per item of the chunk, in order.
 */
public record ChunkReply(JsonArray results, JsonArray logs, String worker, long micros) {

  public JsonObject toJson() {
    return new JsonObject().put("results", results).put("logs", logs).put("worker", worker)
        .put("micros", micros);
  }
}
