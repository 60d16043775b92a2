package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.testing.BigMapClient;
import io.taskbus.testing.ProcessCluster;
import io.taskbus.testing.ProcessCluster.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shortened form of the 5,000,000-item run (make bigmap): a client JVM with a heap far
 * smaller than its input would need if it were held whole maps over a lazy iterator.
 */
@Timeout(240)
class BigInputIT {

  @TempDir
  Path dir;

  @Test
  void mapOverALazyIterator_inASmallHeap_completesWithEveryResultRight() throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(dir, 2)) {
      cluster.startWorker("worker");
      Run run = cluster.run(Map.of(), cluster.testMain(BigMapClient.class, List.of("-Xmx48m"),
          dir.resolve("client.json").toString(), "1000000"));
      System.out.println(run.out());
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).contains("1,000,000 items").contains(" 0 wrong");
    }
  }
}
