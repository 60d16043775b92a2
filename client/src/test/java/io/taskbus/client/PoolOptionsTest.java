package io.taskbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PoolOptionsTest {

  @Test
  void json_roundTrip_keepsEverySettingButThePassword() {
    PoolOptions options = new PoolOptions().setUsername("alice").setPassword("pw")
        .setAddress("x.tasks").setChunkSize(5).setPrefetch(3).setMaxChunksInFlight(9)
        .setNoWorkersTimeoutMs(100).setLoginTimeoutMs(200).setTaskTimeoutMs(300)
        .setMaxRetries(1);
    JsonObject json = options.toJson();
    assertThat(json.containsKey("password")).isFalse();
    assertThat(new PoolOptions(json).toJson()).isEqualTo(json);
    assertThat(new PoolOptions(options).getPassword()).isEqualTo("pw");
    assertThat(options.toString()).doesNotContain("pw\"");
  }

  @Test
  void listenersAndJobReports_surviveACopy_reportsTheJsonToo() {
    PoolListener listener = new PoolListener() { };
    PoolOptions options = new PoolOptions().addListener(listener).setJobReports(false);
    assertThat(new PoolOptions(options).getListeners()).containsExactly(listener);
    assertThat(new PoolOptions(options).isJobReports()).isFalse();
    assertThat(new PoolOptions(options.toJson()).isJobReports()).isFalse();
    assertThat(new PoolOptions().isJobReports()).isTrue();
    assertThatThrownBy(() -> options.addListener(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaults_areTheDocumentedOnes() {
    PoolOptions options = new PoolOptions(new JsonObject());
    assertThat(options.getAddress()).isEqualTo("taskbus.tasks");
    assertThat(options.getChunkSize()).isZero();
    assertThat(options.getNoWorkersTimeoutMs()).isEqualTo(5_000);
    assertThat(options.getMaxRetries()).isEqualTo(3);
  }

  @Test
  void setters_refuseNonsense() {
    assertThatThrownBy(() -> new PoolOptions().setChunkSize(-1))
        .hasMessageContaining("chunkSize must be >= 0");
    assertThatThrownBy(() -> new PoolOptions().setPrefetch(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PoolOptions().setAddress(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
