package io.taskbus.dashboard;

import io.vertx.ext.web.Router;

/**
 * STAND-IN for helper A's {@code io.taskbus.node.HttpRoutes} (issue 10 plan: "HttpRoutes {
 * void mount(Router router); }"). At the merge, delete this file and import
 * {@code io.taskbus.node.HttpRoutes} in {@link DashboardRoutes} instead: the shape is the same.
 */
public interface HttpRoutes {

  /** Adds this part's routes to the node's router. */
  void mount(Router router);
}
