package io.taskbus.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskbus.protocol.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.regex.Pattern;

/**
 * A node's metrics: Vert.x's own (event bus, HTTP server, pools) and the JVM's through
 * vertx-micrometer-metrics into a Prometheus registry, on when the node's conf names an
 * {@code http} server to scrape them from, and the {@code taskbus_} meters other parts register
 * there ({@link WorkerMeters}). Off, a node pays nothing for them: Vert.x has no metrics SPI
 * installed and no listener counts.
 */
public final class NodeMetrics {

  /** What every worker's own address is folded into in the event-bus metrics' labels. */
  static final String WORKER_ADDRESSES = ".w.*";
  /** What every other address not of the node's task address is folded into. */
  static final String OTHER_ADDRESS = "other";

  private NodeMetrics() {
  }

  /**
   * The Vert.x metrics options of a node with {@code conf} (the node's whole conf): Micrometer
   * with the Prometheus registry and JVM metrics when it has an {@code http} section, else null
   * (metrics off).
   */
  public static MetricsOptions options(JsonObject conf) {
    if (conf.getJsonObject("http") == null) {
      return null;
    }
    String address = conf.getString("address", Addresses.TASKS);
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        // each worker's own address is a UUID: one label value for them all keeps the series
        // bounded however often workers come and go
        .addLabels(Label.EB_ADDRESS)
        .addLabelMatch(new Match().setDomain(MetricsDomain.EVENT_BUS)
            .setLabel(Label.EB_ADDRESS.toString()).setType(MatchType.REGEX)
            .setValue(Pattern.quote(address) + "\\.w\\..+")
            .setAlias(address + WORKER_ADDRESSES))
        // and an address a member made up (any member may send to any address) is "other"
        .addLabelMatch(new Match().setDomain(MetricsDomain.EVENT_BUS)
            .setLabel(Label.EB_ADDRESS.toString()).setType(MatchType.REGEX)
            .setValue("(?!" + Pattern.quote(address) + "\\.|" + Pattern.quote(Addresses.AUTH)
                + "$).*")
            .setAlias(OTHER_ADDRESS));
  }

  /**
   * The registry to register {@code taskbus_} meters in, or null when this node's metrics are
   * off (then register none).
   */
  public static MeterRegistry registry(Vertx vertx) {
    return vertx.isMetricsEnabled() ? BackendRegistries.getDefaultNow() : null;
  }
}
