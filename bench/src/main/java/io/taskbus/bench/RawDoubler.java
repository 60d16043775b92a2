package io.taskbus.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;

/**
 * The hand-written reference: what a developer writes without taskbus. It consumes JSON arrays
 * of numbers on {@value #ADDRESS} and replies with each doubled, on its event loop.
 */
public final class RawDoubler extends VerticleBase {

  public static final String ADDRESS = "bench.raw";

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonArray>consumer(ADDRESS, msg -> {
      JsonArray in = msg.body();
      JsonArray out = new JsonArray(new java.util.ArrayList<>(in.size()));
      for (int i = 0; i < in.size(); i++) {
        out.add(in.getLong(i) * 2);
      }
      msg.reply(out);
    }).completion();
  }
}
