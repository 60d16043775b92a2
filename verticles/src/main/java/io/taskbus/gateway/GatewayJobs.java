package io.taskbus.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reads a job request's fields, each within the protocol's bounds. */
final class GatewayJobs {

  static final int MAX_ID = 64;

  private GatewayJobs() {
  }

  /** The job's id: a string of 1 to {@value #MAX_ID} characters. */
  static String id(JsonObject body) {
    if (body.getValue("job") instanceof String id && !id.isEmpty() && id.length() <= MAX_ID) {
      return id;
    }
    throw new IllegalArgumentException("'job' is a string of 1 to " + MAX_ID + " characters");
  }

  static JsonArray items(JsonObject body) {
    if (body.getValue("items", new JsonArray()) instanceof JsonArray items) {
      return items;
    }
    throw new IllegalArgumentException("'items' must be an array");
  }

  static long count(JsonObject body, String name) {
    if (body.getValue(name) instanceof Number n && n.longValue() > 0) {
      return n.longValue();
    }
    throw new IllegalArgumentException("'" + name + "' must be a positive number");
  }
}
