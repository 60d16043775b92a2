package io.taskbus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.node.NodeVerticle;
import io.taskbus.node.SigningSecrets;
import io.taskbus.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where a gateway refuses to listen: off loopback with the demo secret, or without TLS. */
class GatewayHostTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void offLoopback_theDemoSecretIsRefused() {
    JsonObject conf = TestCluster.freshConf().put("gateway", new JsonObject()
        .put("host", "0.0.0.0").put("port", 0));
    assertThatThrownBy(() -> NodeVerticle.deployGateway(vertx, conf).await(10, TimeUnit.SECONDS))
        .hasMessageContaining("demo token secret");
  }

  @Test
  void offLoopback_plaintextIsRefused_unlessTheConfSaysSo() {
    JsonObject conf = TestCluster.freshConf().put("demo", false);
    conf.getJsonObject("auth").put("secret", SigningSecrets.generate());
    conf.put("gateway", new JsonObject().put("host", "0.0.0.0").put("port", 0));
    assertThatThrownBy(() -> NodeVerticle.deployGateway(vertx, conf).await(10, TimeUnit.SECONDS))
        .hasMessageContaining("without TLS").hasMessageContaining("gateway.plaintext");
  }

  @Test
  void theGatewaysTls_isItsOwn_elseTheClusters_elseNone() {
    JsonObject cluster = new JsonObject().put("keyPath", "node-key.pem");
    JsonObject own = new JsonObject().put("keyPath", "gateway-key.pem");
    JsonObject conf = new JsonObject().put("cluster", new JsonObject().put("tls", cluster));
    assertThat(GatewayVerticle.tlsSection(conf)).isEqualTo(cluster);
    conf.put("gateway", new JsonObject().put("tls", own));
    assertThat(GatewayVerticle.tlsSection(conf)).isEqualTo(own);
    assertThat(GatewayVerticle.tlsSection(new JsonObject())).isNull();
  }
}
