package io.taskbus.client.impl;

import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.protocol.JsonValues;
import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;

/** A pool whose workers are the cluster's worker verticles on its task address. */
public final class ClusterTaskPool extends AbstractPool {

  private final SessionToken session;
  private final WorkerDirectory directory;
  private final boolean ownsVertx;
  private final Runnable stopWatching;

  private ClusterTaskPool(Context context, PoolOptions options, SessionToken session,
      WorkerDirectory directory, boolean ownsVertx) {
    super(context, options, new ClusterTransport(context.owner(), directory, session, options));
    this.session = session;
    this.directory = directory;
    this.ownsVertx = ownsVertx;
    this.stopWatching = ClusterMembership.watchDepartures(context.owner(),
        node -> context.runOnContext(v -> directory.nodeLeft(node)));
  }

  public static Future<TaskPool> connect(Vertx vertx, PoolOptions options) {
    return connect(vertx, options, false);
  }

  /** @param ownsVertx true when the pool started {@code vertx}: closing the pool closes it */
  public static Future<TaskPool> connect(Vertx vertx, PoolOptions options, boolean ownsVertx) {
    PoolOptions copy = new PoolOptions(options);
    Context context = vertx.getOrCreateContext();
    Promise<TaskPool> result = Promise.promise();
    context.runOnContext(v -> SessionToken.login(vertx, copy).compose(session -> {
      WorkerDirectory directory = new WorkerDirectory(vertx, copy.getAddress());
      return directory.start()
          .<TaskPool>map(x -> new ClusterTaskPool(context, copy, session, directory, ownsVertx))
          .onFailure(e -> session.close());
    }).onComplete(result));
    return result.future();
  }

  @Override
  protected Object prepare(List<?> args) {
    return JsonValues.toWire(args);
  }

  @Override
  protected void check(List<?> args) {
    JsonValues.check(args);
  }

  @Override
  public Future<List<WorkerInfo>> workers() {
    Promise<List<WorkerInfo>> snapshot = Promise.promise();
    context.runOnContext(v -> snapshot.complete(directory.all()));
    return snapshot.future();
  }

  @Override
  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    endJobs();
    stopWatching.run();
    context.runOnContext(v -> {
      session.close();
      directory.stop().onComplete(closed);
    });
    return ownsVertx ? closed.future().eventually(() -> context.owner().close())
        : closed.future();
  }
}
