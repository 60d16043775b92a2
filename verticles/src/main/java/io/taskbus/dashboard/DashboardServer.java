package io.taskbus.dashboard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * STAND-IN for the node's HTTP server (helper A's {@code io.taskbus.node.HttpVerticle}): one
 * vertx-web server with the given routes, for {@code bin/taskbus dashboard} and the demo until
 * the lead wires the dashboard's routes into the node's server. Small on purpose: replace it.
 */
public final class DashboardServer {

  private DashboardServer() {
  }

  /** Listens on {@code host:port} (0: any free port) with {@code routes} mounted. */
  public static Future<HttpServer> start(Vertx vertx, String host, int port,
      HttpRoutes routes) {
    Router router = Router.router(vertx);
    routes.mount(router);
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router).listen()
        .recover(e -> Future.failedFuture(new IllegalStateException("dashboard: cannot listen"
            + " on " + host + ":" + port + " (" + e.getMessage() + "): pick another --port", e)));
  }
}
