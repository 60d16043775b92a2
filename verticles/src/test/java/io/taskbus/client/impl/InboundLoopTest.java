package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskbusConf;
import io.taskbus.testing.TestCluster;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Where a pool takes its workers' answers, on a real cluster. */
@Timeout(120)
class InboundLoopTest {

  private TestCluster cluster;
  private Vertx client;

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close().await(TestCluster.TIMEOUT_S, TimeUnit.SECONDS);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void poolsOfBlockingCallers_completeOnTheLoopThatReadsTheWorkersAnswers() throws Exception {
    cluster = TestCluster.empty();
    cluster.addWorkerNode();
    Set<Thread> readers = ConcurrentHashMap.newKeySet();
    client = clientRecordingReaders(cluster.conf(), readers);
    // each thread gets its own sticky event loop from Vert.x: without the inbound loop, its
    // pool would run there, and its answers would wake that loop after being read
    List<Thread> completers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      completers.add(applyFromAFreshThread(client));
    }
    assertThat(readers).hasSize(1); // Vert.x reads every inbound cluster connection on one loop
    assertThat(completers).containsOnly(readers.iterator().next());
  }

  /** The thread on which a pool connected from a new plain thread completes an apply. */
  private static Thread applyFromAFreshThread(Vertx client) throws Exception {
    Promise<Thread> completer = Promise.promise();
    Thread caller = new Thread(() -> {
      try {
        TaskPool pool = TaskPool.connect(client, new PoolOptions().setUsername("alice")
            .setPassword(TestCluster.ALICE_PASSWORD)).await(TestCluster.TIMEOUT_S, TimeUnit.SECONDS);
        pool.<Number>applyAsync("double", 21).toFuture()
            .onSuccess(n -> {
              if (n.intValue() == 42) {
                completer.tryComplete(Thread.currentThread());
              } else {
                completer.tryFail(new AssertionError("apply(double, 21) gave " + n));
              }
            })
            .onFailure(completer::tryFail)
            .onComplete(done -> pool.close());
      } catch (Exception e) {
        completer.tryFail(e);
      }
    });
    caller.start();
    return completer.future().await(TestCluster.TIMEOUT_S, TimeUnit.SECONDS);
  }

  /** A client node whose event-bus metrics note each thread that reads a remote message. */
  private static Vertx clientRecordingReaders(TaskbusConf conf, Set<Thread> readers)
      throws Exception {
    VertxOptions options = new VertxOptions()
        .setEventBusOptions(ClusterNodes.eventBusOptions(conf.section("cluster"), conf::resolve))
        .setMetricsOptions(new MetricsOptions().setEnabled(true));
    EventBusMetrics<Object> busMetrics = new EventBusMetrics<>() {
      @Override
      public void messageRead(String address, int numberOfBytes) {
        readers.add(Thread.currentThread());
      }
    };
    return Vertx.builder().with(options)
        .withMetrics(o -> new VertxMetrics() {
          @Override
          public EventBusMetrics<?> createEventBusMetrics() {
            return busMetrics;
          }
        })
        .withClusterManager(new HazelcastClusterManager(ClusterNodes.hazelcastConfig(conf, false)))
        .buildClustered().await(TestCluster.TIMEOUT_S, TimeUnit.SECONDS);
  }
}
