package io.taskbus.node;

import io.vertx.ext.web.Router;

/**
 * Routes a part mounts on the node's HTTP server (see {@link HttpVerticle}): the dashboard's
 * pages and API, beside the node's own {@code /metrics} and {@code /health}.
 */
@FunctionalInterface
public interface HttpRoutes {

  /** Mounts this part's routes; called once, on the HTTP server's event loop, before it listens. */
  void mount(Router router);
}
