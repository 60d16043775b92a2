package io.taskbus.node;

import io.taskbus.protocol.Addresses;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.util.function.BooleanSupplier;

/**
 * What a node's {@code /health} checks: that it is in the cluster ({@value #CLUSTER}), that
 * its worker verticles are deployed ({@value #WORKERS}), and that an auth service answers
 * ({@value #AUTH}: a ping on {@value Addresses#AUTH}, which any auth node of the cluster may
 * answer, and which is no login: it counts as no failure). Each is up or down; one down makes
 * the answer 503.
 */
final class NodeHealth {

  static final String CLUSTER = "cluster";
  static final String WORKERS = "workers";
  static final String AUTH = "auth";
  /** How long the auth ping waits: an auth node answers it at once. */
  static final long AUTH_TIMEOUT_MS = 2_000;

  private NodeHealth() {
  }

  /** @param workersUp true while the node's worker verticles are deployed */
  static HealthChecks create(Vertx vertx, BooleanSupplier workersUp) {
    return HealthChecks.create(vertx)
        .register(CLUSTER, promise -> cluster(vertx, promise))
        .register(WORKERS, promise -> promise.complete(workersUp.getAsBoolean() ? Status.OK()
            : Status.KO(new JsonObject().put("reason", "no worker verticle is deployed"))))
        .register(AUTH, AUTH_TIMEOUT_MS + 500, promise -> auth(vertx, promise));
  }

  private static void cluster(Vertx vertx, Promise<Status> promise) {
    ClusterManager manager = vertx instanceof VertxInternal internal
        ? internal.clusterManager() : null;
    if (manager == null || !manager.isActive()) {
      promise.complete(Status.KO(new JsonObject().put("reason", "not in a cluster")));
      return;
    }
    promise.complete(Status.OK(new JsonObject().put("members", manager.getNodes().size())));
  }

  private static void auth(Vertx vertx, Promise<Status> promise) {
    vertx.eventBus().request(Addresses.AUTH, AuthVerticle.ping(),
            new DeliveryOptions().setSendTimeout(AUTH_TIMEOUT_MS))
        .onComplete(ar -> promise.complete(ar.succeeded() && AuthVerticle.isPong(ar.result()
            .body()) ? Status.OK() : Status.KO(new JsonObject().put("reason",
            "no auth service answered: " + (ar.failed() ? ar.cause().getMessage()
                : "a wrong answer")))));
  }
}
