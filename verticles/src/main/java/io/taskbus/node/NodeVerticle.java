package io.taskbus.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * A worker node: the auth service and {@code worker.instances} worker verticles, from one conf.
 * The main verticle for the Vert.x launcher and for {@code bin/taskbus worker}.
 */
public final class NodeVerticle extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(NodeVerticle.class.getName());

  @Override
  public Future<?> start() {
    NodeSettings settings = new NodeSettings(config());
    settings.secret(); // a conf without a secret fails here, before anything listens
    settings.warnIfDemoSecret();
    int instances = Math.max(1, settings.worker().getInteger("instances", 1));
    DeploymentOptions options = new DeploymentOptions().setConfig(config());
    return vertx.deployVerticle(AuthVerticle::new, options)
        .compose(id -> vertx.deployVerticle(WorkerVerticle::new,
            new DeploymentOptions(options).setInstances(instances)))
        .onSuccess(id -> LOG.log(System.Logger.Level.INFO, "taskbus worker node up: {0}"
            + " worker(s) on address ''{1}''", instances, settings.address()));
  }
}
