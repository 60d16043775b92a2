package io.taskbus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ChunkRequestTest {

  private static final JsonArray ARGS = new JsonArray().add(new JsonArray().add(1));

  @Test
  void fromJson_ofToJson_isTheSameRequest() {
    ChunkRequest request = new ChunkRequest("double", "job-1", 10, ARGS, 250);
    assertThat(ChunkRequest.fromJson(request.toJson(), "double")).isEqualTo(request);
  }

  @Test
  void fromJson_malformedBodies_failAsBadRequest() {
    JsonObject good = new ChunkRequest("double", "j", 0, ARGS, 0).toJson();
    Object[] bad = {
        "text", new JsonArray(), new JsonObject(), good.copy().put("first", -1),
        good.copy().put("first", "zero"), good.copy().put("args", new JsonArray().add(1)),
        good.copy().put("task", "other"), withoutJob(good)
    };
    for (Object body : bad) {
      assertThatThrownBy(() -> ChunkRequest.fromJson(body, "double"))
          .as("body %s", body)
          .isInstanceOfSatisfying(ProtocolException.class,
              e -> assertThat(e.info().code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
  }

  private static JsonObject withoutJob(JsonObject body) {
    JsonObject copy = body.copy();
    copy.remove("job");
    return copy;
  }
}
