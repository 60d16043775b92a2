package io.taskbus.node;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;

/**
 * The node's HTTP server, when its conf has {@code "http": {"port": N, "host": "..."}} (host
 * 127.0.0.1 unless said): {@code /metrics} (Prometheus text, when the node's metrics are on),
 * {@code /health} (200 when every check is up, 503 when one is down), and the routes of each
 * {@link HttpRoutes} it is given. One per node; undeploying it closes the server.
 */
public final class HttpVerticle extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(HttpVerticle.class.getName());
  static final String DEFAULT_HOST = "127.0.0.1";

  private final HealthChecks health;
  private final List<HttpRoutes> routes;
  private HttpServer server;

  /** @param health the node's checks; @param routes mounted after the node's own */
  public HttpVerticle(HealthChecks health, List<HttpRoutes> routes) {
    this.health = health;
    this.routes = List.copyOf(routes);
  }

  @Override
  public Future<?> start() {
    JsonObject http = config().getJsonObject("http", new JsonObject());
    String host = http.getString("host", DEFAULT_HOST);
    int port = http.getInteger("port", 0);
    Router router = Router.router(vertx);
    if (NodeMetrics.registry(vertx) != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create());
    } else { // a Vert.x started without them (the stock launcher): say how to have them
      router.get("/metrics").handler(ctx -> ctx.response().setStatusCode(404)
          .putHeader("content-type", "text/plain; charset=utf-8")
          .end("metrics are off on this node: start it with bin/taskbus worker or"
              + " io.taskbus.node.NodeLauncher, with an http section in its conf\n"));
    }
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(health));
    routes.forEach(r -> r.mount(router));
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
        // HTTP/1.1 only: a scraper, a browser or a probe needs no h2c upgrade, and Vert.x's
        // answer to one sometimes went on in HTTP/1.1 after its 101
        .setHttp2ClearTextEnabled(false))
        .requestHandler(router)
        .listen()
        .recover(e -> Future.failedFuture(new IllegalStateException("http: cannot listen on "
            + host + ":" + port + " (" + e.getMessage() + "): change the port in the node's"
            + " conf", e)))
        .onSuccess(s -> {
          server = s;
          LOG.log(System.Logger.Level.INFO, "taskbus node HTTP on http://{0}:{1,number,#}/"
              + " (/metrics, /health)", host, s.actualPort());
        });
  }

  /** The port it listens on (the one chosen when the conf said 0). */
  public int port() {
    return server.actualPort();
  }
}
