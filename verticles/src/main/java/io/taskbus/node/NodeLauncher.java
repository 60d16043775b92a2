package io.taskbus.node;

import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import java.util.function.Supplier;

/**
 * The Vert.x launcher for a worker node ({@code java -cp ... io.taskbus.node.NodeLauncher
 * -cluster -conf conf/worker.json}): the stock {@link VertxApplication} with
 * {@link NodeVerticle} as its verticle and, when the conf has {@code http}, the node's metrics
 * on, which the stock launcher cannot turn on from the verticle's conf.
 */
public final class NodeLauncher implements VertxApplicationHooks {

  private JsonObject config = new JsonObject();

  public static void main(String[] args) {
    NodeLogging.install();
    new VertxApplication(args, new NodeLauncher()).launch();
  }

  @Override
  public JsonObject afterConfigParsed(JsonObject parsed) {
    this.config = parsed == null ? new JsonObject() : parsed;
    return parsed;
  }

  @Override
  public void beforeStartingVertx(HookContext context) {
    MetricsOptions metrics = NodeMetrics.options(config);
    if (metrics != null) {
      context.vertxOptions().setMetricsOptions(metrics);
    }
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return NodeVerticle::new;
  }
}
