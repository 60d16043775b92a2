package io.taskbus.gateway;

import io.taskbus.client.Progress;
import io.vertx.core.json.JsonObject;

/** A job's progress as the gateway's events carry it, both ways. */
final class GatewayProgress {

  private GatewayProgress() {
  }

  static JsonObject toJson(Progress progress) {
    return new JsonObject().put("done", progress.done()).put("total", progress.total())
        .put("failed", progress.failed()).put("retried", progress.retried())
        .put("inFlight", progress.inFlight()).put("itemsPerSecond", progress.itemsPerSecond());
  }

  static Progress of(JsonObject json) {
    return new Progress(json.getLong("done", 0L), json.getLong("total", -1L),
        json.getLong("failed", 0L), json.getInteger("retried", 0),
        json.getLong("inFlight", 0L), json.getDouble("itemsPerSecond", 0.0));
  }
}
