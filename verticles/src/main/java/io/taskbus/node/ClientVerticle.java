package io.taskbus.node;

import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskbusConf;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * Runs the job its conf names ({@code job} section, see {@link JobSpec}) with the {@code pool}
 * section's login, prints the ordered result as one JSON line, and closes Vert.x when
 * {@code job.exitWhenDone} (default true). Deploy it with the Vert.x launcher.
 */
public final class ClientVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    JsonObject job = config().getJsonObject("job");
    JobSpec spec = JobSpec.fromJson(job);
    PoolOptions options = poolOptions();
    boolean exit = job.getBoolean("exitWhenDone", true);
    TaskPool.connect(vertx, options)
        .compose(pool -> spec.run(pool).eventually(pool::terminate))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            System.out.println(Json.encode(ar.result()));
          } else {
            System.err.println("taskbus: " + ar.cause().getMessage());
          }
          if (exit) {
            vertx.close();
          }
        });
    return Future.succeededFuture();
  }

  private PoolOptions poolOptions() {
    return TaskbusConf.of(config(), Path.of(".")).poolOptions();
  }
}
