package io.taskbus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerInfoTest {

  @Test
  void liveNumbers_travelInTheJson() {
    WorkerInfo info = new WorkerInfo("w", "n", "a.w.w", 4, 8, List.of("double"), true, 1000,
        3, 2, 17, 16_384, 0.25, 1 << 20, 1 << 30, 1_700_000_000_000L);
    JsonObject json = info.toJson();
    assertThat(json.getString("state")).isEqualTo("leaving");
    assertThat(WorkerInfo.fromJson(json)).isEqualTo(info);
  }

  @Test
  void fromJson_ofAnOlderAnnouncement_hasDefaultLiveNumbers() {
    JsonObject old = new JsonObject().put("worker", "w").put("node", "n").put("address", "a")
        .put("slots", 2).put("capacity", 4).put("tasks", List.of("double"))
        .put("leaving", false).put("intervalMs", 1000);
    WorkerInfo info = WorkerInfo.fromJson(old);
    assertThat(info.busy()).isZero();
    assertThat(info.queued()).isZero();
    assertThat(info.served()).isZero();
    assertThat(info.items()).isZero();
    assertThat(info.cpu()).isEqualTo(-1);
    assertThat(info.heapUsed()).isEqualTo(-1);
    assertThat(info.heapMax()).isEqualTo(-1);
    assertThat(info.startedAt()).isEqualTo(-1);
    assertThat(info.state()).isEqualTo("serving");
    assertThat(info).isEqualTo(new WorkerInfo("w", "n", "a", 2, 4, List.of("double"), false,
        1000));
  }
}
