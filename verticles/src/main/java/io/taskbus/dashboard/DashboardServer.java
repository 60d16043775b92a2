package io.taskbus.dashboard;

import io.taskbus.node.HttpRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * The dashboard's own HTTP server, for {@code bin/taskbus dashboard} and the demo: one vertx-web
 * server with the dashboard's routes alone. A worker node with {@code http} in its conf serves
 * its routes on its own server instead ({@code NodeVerticle(routes)}, {@code HttpVerticle}),
 * whose {@code /health} speaks for a worker node, which this one is not.
 */
public final class DashboardServer {

  private DashboardServer() {
  }

  /** Listens on {@code host:port} (0: any free port) with {@code routes} mounted. */
  public static Future<HttpServer> start(Vertx vertx, String host, int port,
      HttpRoutes routes) {
    Router router = Router.router(vertx);
    routes.mount(router);
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
        // HTTP/1.1 only: a scraper, a browser or a probe needs no h2c upgrade, and Vert.x's
        // answer to one sometimes went on in HTTP/1.1 after its 101
        .setHttp2ClearTextEnabled(false))
        .requestHandler(router).listen()
        .recover(e -> Future.failedFuture(new IllegalStateException("dashboard: cannot listen"
            + " on " + host + ":" + port + " (" + e.getMessage() + "): pick another --port", e)));
  }
}
