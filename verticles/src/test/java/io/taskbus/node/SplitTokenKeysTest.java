package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.auth.SecretFiles;
import io.taskbus.auth.TokenKeys;
import io.taskbus.client.TaskPool;
import io.taskbus.testing.TestCluster;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens signed with an Ed25519 key that only the auth node holds: a worker node, given the
 * public key alone and running no auth service, checks them and runs the job.
 */
@Timeout(120)
class SplitTokenKeysTest {

  @TempDir
  Path keys;

  @Test
  void authNodeSignsWithItsPrivateKey_workerNodeWithThePublicKeyAloneRunsTheJob()
      throws Exception {
    String[] pair = TokenKeys.generatePem();
    Path key = keys.resolve("token-key.pem");
    Path pub = keys.resolve("token-public.pem");
    SecretFiles.create(key, pair[0]);
    Files.writeString(pub, pair[1]);
    try (TestCluster cluster = TestCluster.empty()) {
      JsonObject authConf = cluster.confJson();
      authConf.getJsonObject("auth").put("tokenKeyFile", key.toString())
          .put("tokenPublicKeyFile", pub.toString());
      cluster.addNode().deployVerticle(new AuthVerticle(),
          new DeploymentOptions().setConfig(authConf)).await(60, TimeUnit.SECONDS);
      JsonObject workerConf = cluster.confJson();
      workerConf.getJsonObject("auth").put("tokenPublicKeyFile", pub.toString())
          .put("service", false);
      Vertx workerNode = cluster.addNode();
      workerNode.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(workerConf))
          .await(60, TimeUnit.SECONDS);
      assertThat(workerNode.deploymentIDs()).as("the node verticle and one worker, no auth")
          .hasSize(2);
      cluster.withClient();
      TaskPool pool = cluster.pool();
      assertThat(pool.<Integer>map("double", List.of(1, 2, 3))).containsExactly(2, 4, 6);
      pool.close();
    }
  }
}
