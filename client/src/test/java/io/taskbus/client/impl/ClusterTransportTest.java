package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskbus.auth.MessageAuth;
import io.taskbus.client.PoolOptions;
import io.taskbus.protocol.Addresses;
import io.taskbus.client.TaskPoolException;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.ErrorInfo;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pool's side of a chunk's conversation, against a fake worker on a local event bus that
 * the test answers by hand: keepalives, parts, refusals, room, and answers after a loss.
 */
@Timeout(60)
class ClusterTransportTest {

  private static final String WORKER = Addresses.worker(PoolOptions.DEFAULT_ADDRESS, "w1");
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final BlockingQueue<Message<Object>> inbox = new LinkedBlockingQueue<>();
  private int logins;
  /** How far the test has moved the pool's wall clock ahead. */
  private volatile long skewMs;
  private WorkerDirectory directory;
  private SessionToken session;
  private ClusterTransport transport;

  @BeforeEach
  void start() {
    vertx.eventBus().<Object>consumer(WORKER, inbox::add).completion().await();
    Scheduler real = Scheduler.of(context);
    Scheduler scheduler = new Scheduler() {
      @Override
      public void execute(Runnable task) {
        real.execute(task);
      }

      @Override
      public long setTimer(long delayMs, Runnable task) {
        return real.setTimer(delayMs, task);
      }

      @Override
      public boolean cancelTimer(long id) {
        return real.cancelTimer(id);
      }

      @Override
      public long nanoTime() {
        return real.nanoTime();
      }

      @Override
      public long currentTimeMillis() {
        return real.currentTimeMillis() + skewMs;
      }

      @Override
      public <T> io.vertx.core.Promise<T> promise() {
        return real.promise();
      }
    };
    onContext(() -> {
      directory = new WorkerDirectory(scheduler, PoolOptions.DEFAULT_ADDRESS);
      directory.announced(TestKeys.verified(new WorkerInfo("w1", "node-1", WORKER, 2, 4,
          List.of("double"),
          false, 60_000),
          scheduler.currentTimeMillis()));
      session = SessionToken.login(scheduler, new SessionToken.LoginChannel() {
        @Override
        public Future<JsonObject> login(String username, String password, long timeoutMs) {
          return issue();
        }

        @Override
        public Future<JsonObject> renew(JsonObject request, long timeoutMs) {
          return issue().map(TestKeys::renewalAnswer);
        }
      }, new PoolOptions().setUsername("alice").setPassword("pw")).result();
      transport = new ClusterTransport(vertx.eventBus(), scheduler, directory, session, "pool-1",
          new PoolOptions());
      return null;
    });
  }

  private Future<JsonObject> issue() {
    return Future.succeededFuture(TestKeys.loginAnswer("t" + ++logins,
        System.currentTimeMillis() + 600_000));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private <T> T onContext(Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        result.complete(action.get());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    return result.join();
  }

  private Future<ChunkResult> send(Object... items) {
    List<Object> args = java.util.Arrays.stream(items).map(i -> (Object) List.of(i)).toList();
    return onContext(() -> transport.send(new ChunkSpec("job-1", "double", 0, args, 0, 1)));
  }

  private Message<Object> received() throws InterruptedException {
    Message<Object> msg = inbox.poll(10, TimeUnit.SECONDS);
    assertThat(msg).as("a message reached the worker").isNotNull();
    return msg;
  }

  private static Buffer json(String text) {
    return Buffer.buffer(text);
  }

  private static <T> T result(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }

  private static Throwable failureOf(Future<?> future) {
    await().atMost(Duration.ofSeconds(10)).until(future::isComplete);
    assertThat(future.failed()).isTrue();
    return future.cause();
  }

  /** A worker's side of one chunk: its answers signed and numbered as a real worker's are. */
  private static final class Worker {
    final MessageAuth auth = MessageAuth.of(TestKeys.SESSION_KEY);
    final long seq;
    int answers;
    Message<Object> leg;

    Worker(Message<Object> request) {
      this.leg = request;
      this.seq = Long.parseLong(request.headers().get(Headers.SEQ));
    }

    DeliveryOptions signed(Buffer body, String limit) {
      DeliveryOptions options = new DeliveryOptions().addHeader(Headers.MAC,
          auth.reply(seq, answers++, limit, body));
      return limit == null ? options : options.addHeader(Headers.LIMIT, limit);
    }

    void ask(String body) throws Exception {
      leg = result(leg.replyAndRequest(json(body), signed(json(body), null)));
    }

    void reply(String body, String limit) {
      leg.reply(json(body), signed(json(body), limit));
    }

    void fail(ErrorCode code, String message) {
      leg.fail(code.toInt(), auth.signFailure(seq, answers++, code.toInt(),
          ErrorInfo.of(code, message).toJson().encode()));
    }
  }

  @Test
  void chunk_carriesTheSessionsMacOverWhatItAsksAndWhere() throws Exception {
    send(1, 2);
    Message<Object> request = received();
    MultiMap headers = request.headers();
    assertThat(headers.get(Headers.MAC)).isEqualTo(MessageAuth.of(TestKeys.SESSION_KEY).chunk(
        WORKER, "double", "pool-1", Long.parseLong(headers.get(Headers.SEQ)),
        Long.parseLong(headers.get(Headers.TIME)), (Buffer) request.body()));
    send(3);
    assertThat(Long.parseLong(received().headers().get(Headers.SEQ)))
        .as("each message takes the next number").isGreaterThan(Long.parseLong(
            headers.get(Headers.SEQ)));
  }

  @Test
  void token_goesToAWorkerUntilItAnswersSigned_thenTheSessionIsOnlyNamed() throws Exception {
    Future<ChunkResult> first = send(1);
    Message<Object> request = received();
    assertThat(request.headers().get(Headers.AUTHORIZATION)).isEqualTo("Bearer t1");
    Future<ChunkResult> unanswered = send(2);
    assertThat(received().headers().get(Headers.AUTHORIZATION))
        .as("no signed answer yet: the worker may not hold the session").isEqualTo("Bearer t1");
    new Worker(request).reply("{\"results\":[2]}", null);
    result(first);
    send(3);
    MultiMap third = received().headers();
    assertThat(third.get(Headers.AUTHORIZATION)).as("the worker holds the session").isNull();
    assertThat(third.get(Headers.SESSION)).isEqualTo("session-1");
    assertThat(unanswered.isComplete()).isFalse();
  }

  @Test
  void workerThatForgotTheSession_getsTheTokenAgain_atNoCost() throws Exception {
    Future<ChunkResult> first = send(1);
    new Worker(received()).reply("{\"results\":[2]}", null);
    result(first);
    Future<ChunkResult> second = send(2);
    received().fail(ErrorCode.SESSION_UNKNOWN.toInt(), "no such session here"); // unsigned
    assertThat(failureOf(second)).isInstanceOf(Refused.class)
        .isNotInstanceOf(Unverified.class);
    Future<ChunkResult> third = send(3);
    Message<Object> again = received();
    assertThat(again.headers().get(Headers.AUTHORIZATION)).isEqualTo("Bearer t1");
    again.fail(ErrorCode.SESSION_UNKNOWN.toInt(), "no such session here");
    assertThat(failureOf(third)).as("it had the token: another member answers in its place")
        .isInstanceOf(Unverified.class);
  }

  @Test
  void keepalivesThenResultsInParts_makeOneResult() throws Exception {
    Future<ChunkResult> result = send(1, 2, 3);
    Message<Object> request = received();
    assertThat(request.headers().get(Headers.POOL)).isEqualTo("pool-1");
    assertThat(request.headers().get(Headers.AUTHORIZATION)).isEqualTo("Bearer t1");
    Worker worker = new Worker(request);
    worker.ask("{\"pending\":true}");
    worker.ask("{\"pending\":true}");
    worker.ask("{\"results\":[2],\"more\":true}");
    worker.reply("{\"results\":[4,6],\"worker\":\"w1\"}", null);
    assertThat(result(result).results()).containsExactly(2, 4, 6);
  }

  @Test
  void unsignedOrMisnumberedAnswers_areNotBelieved_theChunkGoesAgainAtNoCost() throws Exception {
    Future<ChunkResult> forged = send(1);
    CompletableFuture<Boolean> creditRightAfter = new CompletableFuture<>();
    onContext(() -> forged.onComplete(ar -> creditRightAfter.complete(
        transport.hasCredit("double"))));
    received().reply(json("{\"results\":[666]}")); // another member answering in w1's place
    assertThat(failureOf(forged)).isInstanceOf(Unverified.class)
        .hasMessageContaining("not signed");
    assertThat(creditRightAfter.get(10, TimeUnit.SECONDS))
        .as("w1's room is closed a while: the chunk goes elsewhere first").isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() -> onContext(() ->
        transport.hasCredit("double")));
    Future<ChunkResult> replayed = send(2);
    Worker worker = new Worker(received());
    worker.answers = 1; // a real answer of this chunk's, but not the one due now
    worker.reply("{\"results\":[4]}", null);
    assertThat(failureOf(replayed)).isInstanceOf(Unverified.class);
    await().atMost(Duration.ofSeconds(5)).until(() -> onContext(() ->
        transport.hasCredit("double")));
    Future<ChunkResult> failed = send(3);
    received().fail(ErrorCode.TASK_FAILED.toInt(), ErrorInfo.of(ErrorCode.TASK_FAILED, "forged")
        .toJson().encode());
    assertThat(failureOf(failed)).isInstanceOf(Unverified.class);
  }

  @Test
  void answerAfterTheWorkerWasLost_isToldToStop() throws Exception {
    Future<ChunkResult> result = send(1);
    Worker worker = new Worker(received());
    onContext(() -> {
      directory.nodeLeft("node-1");
      return null;
    });
    assertThat(failureOf(result)).isInstanceOf(RetryableFailure.class);
    worker.ask("{\"pending\":true}");
    assertThat(new JsonObject((Buffer) worker.leg.body()).getBoolean("stop")).isTrue();
  }

  @Test
  void busyWorker_refusesAtNoCost_andIsLeftAloneForAWhile() throws Exception {
    Future<ChunkResult> result = send(1);
    CompletableFuture<Boolean> creditRightAfter = new CompletableFuture<>();
    onContext(() -> result.onComplete(ar -> creditRightAfter.complete(
        transport.hasCredit("double"))));
    new Worker(received()).fail(ErrorCode.BUSY, "full");
    assertThat(failureOf(result)).isInstanceOf(Refused.class)
        .isNotInstanceOf(Unverified.class);
    assertThat(creditRightAfter.get(10, TimeUnit.SECONDS)).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() -> onContext(() ->
        transport.hasCredit("double")));
  }

  @Test
  void theRoomAWorkerGrants_boundsTheChunksSentToIt() throws Exception {
    Future<ChunkResult> first = send(1);
    new Worker(received()).reply("{\"results\":[2]}", "1");
    result(first);
    Future<ChunkResult> second = send(2);
    received();
    assertThat(onContext(() -> transport.hasCredit("double"))).as("limit 1, 1 held").isFalse();
    assertThat(second.isComplete()).isFalse();
  }

  @Test
  void tokenRefusedAsExpired_isRenewed_andTheChunkGoesAgainAtNoCost() throws Exception {
    Future<ChunkResult> result = send(1);
    Worker worker = new Worker(received());
    skewMs = 5_000; // the token is no longer fresh: a refusal as expired is believed
    worker.fail(ErrorCode.TOKEN_EXPIRED, "expired");
    assertThat(failureOf(result)).isInstanceOf(Refused.class);
    assertThat(onContext(() -> session.bearer())).isEqualTo("Bearer t2");
  }

  @Test
  void signedReplyThatIsNotAChunkReply_failsTheChunkClearly() throws Exception {
    Future<ChunkResult> result = send(1);
    new Worker(received()).reply("not json text", null);
    assertThat(failureOf(result)).isInstanceOf(TaskPoolException.class)
        .hasMessageContaining("cannot read");
  }

  @Test
  void workerGoneFromItsAddress_isForgotten_andTheChunkGoesElsewhereAtNoCost() throws Exception {
    Future<ChunkResult> result = onContext(() -> {
      // the roomiest worker, but nothing consumes its address any more
      directory.announced(TestKeys.verified(new WorkerInfo("w2", "node-2",
          Addresses.worker(PoolOptions.DEFAULT_ADDRESS, "w2"), 4, 8, List.of("double"),
          false, 60_000), System.currentTimeMillis() + skewMs));
      return transport.send(new ChunkSpec("job-1", "double", 0, List.of(List.of(1)), 0, 1));
    });
    assertThat(failureOf(result)).isInstanceOf(Refused.class);
    assertThat(onContext(() -> directory.all().stream().map(WorkerInfo::worker).toList()))
        .containsExactly("w1");
  }
}
