package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.testing.Chaos;
import io.taskbus.testing.ProcessCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shortened form of make chaos: two kill -9s during a job, every result checked. */
@Timeout(300)
class ChaosIT {

  @TempDir
  Path dir;

  @Test
  void randomKillsAndRestarts_midJob_loseNoResult() throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(dir, 1)) {
      Chaos.Report report = Chaos.run(cluster, 200_000, 2, 42, System.out);
      assertThat(report.wrong()).isZero();
      assertThat(report.kills()).as("the job outlived the chaos").isEqualTo(2);
    }
  }
}
