package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.auth.MessageAuth;
import io.taskbus.protocol.ChunkRequest;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.ErrorInfo;
import io.taskbus.protocol.Headers;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker's side of a chunk's conversation, on a local event bus and a virtual clock: the
 * test plays the pool.
 */
@Timeout(30)
class ChunkCallTest {

  private static final byte[] KEY = new byte[32];
  private static final long SEQ = 17;
  private final MessageAuth pool = MessageAuth.of(KEY);
  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger overs = new AtomicInteger();
  private volatile long now;
  private Context context;
  private ChunkCall call;
  private io.vertx.core.Future<Message<Object>> request;

  @BeforeEach
  void start() throws Exception {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    vertx.eventBus().<Object>consumer("worker", msg -> {
      context = Vertx.currentContext();
      call = new ChunkCall(msg, new SessionGuard.Caller("alice", SEQ,
          MessageAuth.of(KEY)), () -> 3, () -> now,
          c -> overs.incrementAndGet());
      ready.complete(null);
    }).completion().await();
    request = vertx.eventBus().request("worker", Buffer.buffer("{}"),
        new DeliveryOptions().setSendTimeout(20_000));
    ready.get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private void onWorker(Runnable action) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      action.run();
      done.complete(null);
    });
    done.get(10, TimeUnit.SECONDS);
  }

  /** True when {@code msg} is the chunk's answer number {@code n}, signed as the pool checks. */
  private boolean signed(Message<Object> msg, int n) {
    return MessageAuth.matches(pool.reply(SEQ, n, msg.headers().get(Headers.LIMIT),
        (Buffer) msg.body()), msg.headers().get(Headers.MAC));
  }

  private static JsonObject json(Message<Object> msg) {
    return new JsonObject((Buffer) msg.body());
  }

  @Test
  void stillRunningAfterTheKeepaliveTime_saysPending_thenSendsItsPartsOneAnswerAtATime()
      throws Exception {
    onWorker(() -> call.keepaliveIfDue());
    assertThat(request.isComplete()).as("nothing before the keepalive time").isFalse();
    now += ChunkRequest.KEEPALIVE_MS * 1_000_000;
    onWorker(() -> call.keepaliveIfDue());
    Message<Object> pending = request.await(10, TimeUnit.SECONDS);
    assertThat(json(pending).getBoolean("pending")).isTrue();
    assertThat(pending.headers().get(Headers.LIMIT)).isEqualTo("3");
    // the chunk ends while the pool has not answered yet: the parts wait for its answer
    onWorker(() -> call.finish(List.of(Buffer.buffer("{\"results\":[1],\"more\":true}"),
        Buffer.buffer("{\"results\":[2]}"))));
    Message<Object> part1 = pending.<Object>replyAndRequest(Buffer.buffer("{}"))
        .await(10, TimeUnit.SECONDS);
    assertThat(json(part1).getJsonArray("results")).containsExactly(1);
    assertThat(overs.get()).isZero();
    Message<Object> part2 = part1.<Object>replyAndRequest(Buffer.buffer("{}"))
        .await(10, TimeUnit.SECONDS);
    assertThat(json(part2).getJsonArray("results")).containsExactly(2);
    assertThat(part2.replyAddress()).as("the last part expects no answer").isNull();
    assertThat(signed(pending, 0) && signed(part1, 1) && signed(part2, 2))
        .as("every answer signed with its number").isTrue();
    assertThat(signed(part2, 1)).as("not as another answer").isFalse();
    assertThat(overs.get()).isEqualTo(1);
  }

  @Test
  void poolThatSaysStop_abandonsTheChunk() throws Exception {
    now += ChunkRequest.KEEPALIVE_MS * 1_000_000;
    onWorker(() -> call.keepaliveIfDue());
    Message<Object> pending = request.await(10, TimeUnit.SECONDS);
    pending.reply(new JsonObject().put("stop", true).toBuffer());
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> call.abandoned());
    assertThat(overs.get()).isEqualTo(1);
    onWorker(() -> call.finish(List.of(Buffer.buffer("{\"results\":[1]}"))));
    assertThat(overs.get()).as("over once").isEqualTo(1);
  }

  @Test
  void failure_isTheAnswer_withItsCode() throws Exception {
    onWorker(() -> call.fail(ErrorInfo.of(ErrorCode.TIMEOUT, "too slow")));
    assertThat(awaitFailure()).isInstanceOfSatisfying(ReplyException.class, e -> {
      assertThat(e.failureCode()).isEqualTo(408);
      assertThat(pool.openFailure(SEQ, 0, 408, e.getMessage())).as("signed").contains(
          "too slow");
    });
    assertThat(overs.get()).isEqualTo(1);
  }

  private Throwable awaitFailure() {
    try {
      request.await(10, TimeUnit.SECONDS);
      throw new AssertionError("answered without a failure");
    } catch (Exception e) {
      return e;
    }
  }
}
