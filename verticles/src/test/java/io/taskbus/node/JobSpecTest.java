package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobSpecTest {

  @Test
  void fromJson_eachKind_runsOnAPool() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      TaskPool pool = TaskPool.local(vertx, new PoolOptions(), 1);
      assertThat(run(pool, "{\"kind\":\"map\",\"task\":\"double\",\"args\":[1,2,3]}"))
          .isEqualTo(List.of(2, 4, 6));
      assertThat(run(pool, "{\"kind\":\"starmap\",\"task\":\"mul\",\"args\":[[1,4],[2,5]]}"))
          .isEqualTo(List.of(4, 10));
      assertThat(run(pool, "{\"kind\":\"apply\",\"task\":\"mul\",\"args\":[2,9]}"))
          .isEqualTo(18);
    } finally {
      vertx.close();
    }
  }

  private static Object run(TaskPool pool, String json) throws Exception {
    return JobSpec.fromJson(new JsonObject(json)).run(pool).await(10, TimeUnit.SECONDS);
  }

  @Test
  void fromJson_missingOrWrong_saysWhat() {
    assertThatThrownBy(() -> JobSpec.fromJson(null)).hasMessageContaining("\"job\" section");
    assertThatThrownBy(() -> JobSpec.fromJson(new JsonObject().put("task", "x").put("kind", "go")))
        .hasMessageContaining("map, starmap or apply");
    assertThatThrownBy(() -> JobSpec.fromJson(new JsonObject()))
        .hasMessageContaining("task name");
  }
}
