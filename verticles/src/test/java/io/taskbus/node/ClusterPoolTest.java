package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskbus.client.AuthenticationException;
import io.taskbus.client.BadArgumentException;
import io.taskbus.client.ForbiddenException;
import io.taskbus.client.MapResult;
import io.taskbus.client.NoWorkersException;
import io.taskbus.client.PoolOptions;
import java.util.ArrayList;
import io.taskbus.client.ResultStream;
import io.taskbus.client.OutputLine;
import io.taskbus.client.LocalTaskPool;
import io.taskbus.client.JobOptions;
import io.taskbus.client.TaskFailedException;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskResult;
import io.taskbus.client.UnknownTaskException;
import io.taskbus.protocol.WorkerInfo;
import io.taskbus.testing.ProbeTasks;
import io.taskbus.testing.RawSession;
import io.taskbus.testing.TestCluster;
import io.taskbus.auth.ScramLogin;
import io.taskbus.auth.Session;
import io.taskbus.auth.TokenService;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ChunkRequest;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.Headers;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pool against two real worker nodes and a client node, clustered on loopback. */
@Timeout(90)
class ClusterPoolTest {

  private static TestCluster cluster;
  private static TaskPool pool;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(2);
    pool = cluster.pool();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> nodesOf(pool.workers().await(5, TimeUnit.SECONDS)) == 2);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static long nodesOf(List<WorkerInfo> workers) {
    return workers.stream().map(WorkerInfo::node).distinct().count();
  }

  private static PoolOptions alice() {
    return new PoolOptions().setUsername("alice").setPassword(TestCluster.ALICE_PASSWORD);
  }

  @Test
  void singleItemsOfAProvenFastTask_runOnTheEventLoop_butNeverUnderATimeLimit() throws Exception {
    // no worker can have seen the task run fast often enough before this many calls
    for (int i = 0; i < InlineRuns.FAST_RUNS_NEEDED; i++) {
      assertThat(pool.<Boolean>apply("onloop")).as("call %d", i).isFalse();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> pool.<Boolean>apply("onloop"));
    List<Integer> twenty = IntStream.range(0, 20).boxed().toList();
    assertThat(pool.<Boolean>mapAsync("onloop", twenty, 10).get(30, TimeUnit.SECONDS))
        .containsOnly(false);
    TaskPool limited = cluster.pool(alice().setTaskTimeoutMs(10_000));
    try {
      for (int i = 0; i < 4 * InlineRuns.FAST_RUNS_NEEDED; i++) {
        assertThat(limited.<Boolean>apply("onloop")).as("call %d", i).isFalse();
      }
    } finally {
      limited.terminate().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void imapOverTheCluster_streamsResultsInInputOrder_inBothCodecs() throws Exception {
    List<Integer> items = IntStream.range(0, 3_000).boxed().toList();
    for (TaskPool each : List.of(pool, cluster.pool(alice().setCodec("json")))) {
      ResultStream<Integer> stream = each.imap("double", items.iterator(),
          new JobOptions().setStreamBuffer(200));
      List<Integer> got = java.util.Collections.synchronizedList(new ArrayList<>());
      stream.handler(got::add);
      stream.end().await(30, TimeUnit.SECONDS);
      assertThat(got).isEqualTo(items.stream().map(i -> 2 * i).toList());
    }
  }

  @Test
  void typedResults_areTheSameTypesAsTheEmbeddedPoolGives() throws Exception {
    LocalTaskPool local = TaskPool.local(cluster.client(), new PoolOptions(), 1);
    try {
      for (TaskPool each : List.of(pool, local)) {
        Long n = each.apply(Long.class, "double", 5);
        assertThat(n).isEqualTo(10L);
        assertThat(each.map(Long.class, "double", List.of(1, 2))).containsExactly(2L, 4L);
      }
    } finally {
      local.terminate().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void taskOutput_travelsBackInItemOrder_inBothCodecs() throws Exception {
    for (TaskPool each : List.of(pool, cluster.pool(alice().setCodec("json")))) {
      MapResult<Object> result = each.mapAsync("chatty", List.of(2, 1, 0, 3),
          new JobOptions().setChunkSize(1));
      result.get(30, TimeUnit.SECONDS);
      assertThat(result.output()).extracting(OutputLine::item)
          .containsExactly(0L, 0L, 1L, 3L, 3L, 3L);
      assertThat(result.output()).allMatch(line -> line.line().length() == 1024);
    }
  }

  @Test
  void aCollectionPassedOnTheEventLoop_isCheckedOffIt_andABadItemFailsTheJob()
      throws Exception {
    List<Object> bad = new ArrayList<>(java.util.Collections.nCopies(1_000, 1));
    bad.add(new Object());
    java.util.concurrent.CompletableFuture<MapResult<Integer>> started =
        new java.util.concurrent.CompletableFuture<>();
    cluster.client().runOnContext(v -> started.complete(pool.mapAsync("double", bad)));
    assertThatThrownBy(() -> started.get(10, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 1000");
    java.util.concurrent.CompletableFuture<MapResult<Integer>> good =
        new java.util.concurrent.CompletableFuture<>();
    cluster.client().runOnContext(v -> good.complete(pool.mapAsync("double", List.of(1, 2))));
    assertThat(good.get(10, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS)).containsExactly(2, 4);
  }

  @Test
  void seedExamples_overTheCluster_giveThePythonResults() throws Exception {
    assertThat(pool.<Integer>map("double", List.of(1, 2, 3))).containsExactly(2, 4, 6);
    assertThat(pool.<Integer>starmap("mul", List.of(List.of(1, 4), List.of(2, 5), List.of(3, 6))))
        .containsExactly(4, 10, 18);
    assertThat(pool.<Integer>apply("mul", 2, 9)).isEqualTo(18);
  }

  @Test
  void asyncForms_completeThroughGet() throws Exception {
    MapResult<Integer> mapped = pool.mapAsync("double", List.of(7, 8));
    TaskResult<Integer> applied = pool.applyAsync("add", 40, 2);
    assertThat(mapped.get(30, TimeUnit.SECONDS)).containsExactly(14, 16);
    assertThat(applied.get(30, TimeUnit.SECONDS)).isEqualTo(42);
    assertThat(mapped.ready() && mapped.successful()).isTrue();
  }

  @Test
  void map_manyChunks_spreadOverBothNodes_inInputOrder() throws Exception {
    List<Integer> items = IntStream.range(0, 5_000).boxed().toList();
    assertThat(pool.<Integer>mapAsync("double", items, 50).get(60, TimeUnit.SECONDS))
        .isEqualTo(items.stream().map(i -> i * 2).toList());
    List<String> ranOn = pool.mapAsync("whoami", Collections.nCopies(64, 0), 1)
        .get(60, TimeUnit.SECONDS).stream().map(String::valueOf).toList();
    assertThat(new HashSet<>(ranOn)).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void map_repliesForcedOutOfOrder_stillInInputOrder() throws Exception {
    List<Integer> sleeps = IntStream.range(0, 16).map(i -> (16 - i) * 20).boxed().toList();
    assertThat(pool.<Integer>mapAsync("sleep", sleeps, 1).get(60, TimeUnit.SECONDS))
        .isEqualTo(sleeps);
  }

  @Test
  void failingTask_arrivesWholeAsTaskFailedException() {
    assertThatThrownBy(() -> pool.map("fail", List.of("boom")))
        .isInstanceOfSatisfying(TaskFailedException.class, e -> {
          assertThat(e.index()).isZero();
          assertThat(e.task()).isEqualTo("fail");
          assertThat(e.remoteType()).isEqualTo(IllegalStateException.class.getName());
          assertThat(e.remoteMessage()).isEqualTo("boom");
          assertThat(e.remoteStackTrace()).contains("at io.taskbus.task.builtin.BuiltinTasks");
          assertThat(e.worker()).isNotBlank();
        });
  }

  @Test
  void remoteFailure_carriesItsCauseChainWorkerAndAttempt() {
    assertThatThrownBy(() -> pool.apply("nested"))
        .isInstanceOfSatisfying(TaskFailedException.class, e -> {
          assertThat(e.remoteType()).isEqualTo("io.taskbus.testing.ProbeTasks$ProbeException");
          assertThat(e.remoteCauses()).containsExactly(
              "java.lang.IllegalArgumentException: middle", "java.lang.ArithmeticException: inner");
          assertThat(e.remoteStackTrace()).contains("Caused by: java.lang.ArithmeticException");
          assertThat(e.attempt()).isEqualTo(1);
          assertThat(e.getMessage()).contains("worker " + e.worker());
        });
  }

  @Test
  void taskThatThrows_isRetriedOnlyWhenTheOptionsSaySo() throws Exception {
    assertThatThrownBy(() -> pool.map("flaky", List.of(0, 0)))
        .isInstanceOf(TaskFailedException.class);
    TaskPool retrying = cluster.pool(alice().setRetryFailedTasks(true));
    MapResult<Integer> result = retrying.mapAsync("flaky", List.of(0, 0, 0), 1);
    assertThat(result.get(30, TimeUnit.SECONDS)).containsExactly(0, 1, 2);
    assertThat(result.retriedChunks()).isEqualTo(3);
    retrying.close();
  }

  @Test
  void listenerThatThrows_isReportedToVertx_andLeavesTheJobGetAndPoolWorking()
      throws Exception {
    java.util.concurrent.CompletableFuture<Throwable> reported =
        new java.util.concurrent.CompletableFuture<>();
    cluster.client().exceptionHandler(reported::complete);
    try {
      IllegalStateException bug = new IllegalStateException("a listener's own bug");
      java.util.concurrent.atomic.AtomicInteger laterListener =
          new java.util.concurrent.atomic.AtomicInteger();
      MapResult<Integer> result = pool.mapAsync("double", List.of(1, 2));
      result.toFuture().onSuccess(list -> {
        throw bug;
      }).onSuccess(list -> laterListener.incrementAndGet());
      assertThat(reported.get(30, TimeUnit.SECONDS)).isSameAs(bug);
      assertThat(result.get(30, TimeUnit.SECONDS)).containsExactly(2, 4);
      await().atMost(Duration.ofSeconds(10)).until(() -> laterListener.get() == 1);
      assertThat(pool.<Integer>map("double", List.of(3))).containsExactly(6);
    } finally {
      cluster.client().exceptionHandler(null);
    }
  }

  @Test
  void failureOfALaterItem_namesThatItem() {
    List<List<?>> args = List.of(List.of(1, 2), List.of(3, 4), List.of(5, "x"));
    assertThatThrownBy(() -> pool.starmap("mul", args))
        .isInstanceOfSatisfying(BadArgumentException.class,
            e -> assertThat(e.index()).isEqualTo(2));
  }

  @Test
  void unknownTask_failsFastWithUnknownTaskException() {
    assertThatThrownBy(() -> pool.apply("no-such-task", 1))
        .isInstanceOf(UnknownTaskException.class).hasMessageContaining("no-such-task");
  }

  @Test
  void noWorkersOnTheAddress_failsWithNoWorkersException() throws Exception {
    TaskPool lonely = cluster.pool(alice().setAddress("nobody.tasks").setNoWorkersTimeoutMs(300));
    long start = System.nanoTime();
    assertThatThrownBy(() -> lonely.map("double", List.of(1)))
        .isInstanceOf(NoWorkersException.class).hasMessageContaining("300 ms");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    lonely.close();
  }

  @Test
  void wrongPasswordOrUnknownUser_failLoginAlike() {
    Throwable wrongPassword = catchLogin(alice().setPassword("wrong"));
    Throwable unknownUser = catchLogin(new PoolOptions().setUsername("mallory").setPassword("x"));
    assertThat(wrongPassword).isInstanceOf(AuthenticationException.class);
    assertThat(unknownUser).isInstanceOf(AuthenticationException.class)
        .hasMessage(wrongPassword.getMessage());
  }

  @Test
  void burstOfFailedLogins_locksTheNameOut_knownOrNot_withoutSayingWhich() {
    // every worker node answers logins; the failures are counted cluster-wide
    for (int i = 0; i < 12; i++) {
      catchLogin(new PoolOptions().setUsername("carol").setPassword("guess-" + i));
      catchLogin(new PoolOptions().setUsername("nobody-at-all").setPassword("guess-" + i));
    }
    Throwable known = catchLogin(new PoolOptions().setUsername("carol")
        .setPassword("carol-demo-password"));
    Throwable unknown = catchLogin(new PoolOptions().setUsername("nobody-at-all")
        .setPassword("x"));
    assertThat(known).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("too many failed logins");
    assertThat(unknown).isInstanceOf(AuthenticationException.class);
    assertThat(unknown.getMessage().replaceAll("\\d+", "N"))
        .isEqualTo(known.getMessage().replaceAll("\\d+", "N"));
  }

  private static Throwable catchLogin(PoolOptions options) {
    try {
      cluster.pool(options).close();
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  @Test
  void userWithoutPermission_isForbidden_butMayRunItsOwnTasks() throws Exception {
    TaskPool bob = cluster.pool(new PoolOptions().setUsername("bob")
        .setPassword("bob-demo-password"));
    int before = ProbeTasks.COUNT.get();
    assertThatThrownBy(() -> bob.apply("count"))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("count");
    assertThat(ProbeTasks.COUNT.get()).isEqualTo(before);
    assertThat(bob.<Integer>map("double", List.of(21))).containsExactly(42);
    bob.close();
  }

  @Test
  void taskOverItsTimeLimit_failsWithTimeoutException_andNodesKeepServing() throws Exception {
    TaskPool strict = cluster.pool(alice().setTaskTimeoutMs(200));
    assertThatThrownBy(() -> strict.map("sleep", List.of(1, 30_000)))
        .isInstanceOf(TimeoutException.class).hasMessageContaining("item 1");
    assertThat(strict.<Integer>map("double", List.of(1, 2, 3, 4, 5, 6)))
        .containsExactly(2, 4, 6, 8, 10, 12);
    strict.close();
  }

  @Test
  void getWithTimeout_throwsAndLeavesTheJobRunning() throws Exception {
    MapResult<Integer> result = pool.mapAsync("sleep", List.of(500));
    assertThatThrownBy(() -> result.get(20, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(result.get(30, TimeUnit.SECONDS)).containsExactly(500);
  }

  @Test
  void cancel_stopsDispatchAndTheWorkersDropTheJob() throws Exception {
    int before = ProbeTasks.COUNT.get();
    MapResult<Boolean> result = pool.mapAsync("slowcount", Collections.nCopies(400, 200), 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> ProbeTasks.COUNT.get() - before >= 2);
    assertThat(result.cancel(true)).isTrue();
    assertThatThrownBy(() -> result.get(1, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    int ran = settledCount() - before;
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
        .until(() -> ProbeTasks.COUNT.get() - before == ran);
    // 2 nodes x 2 slots x 2 prefetch chunks were in hand when cancelled: far from 400
    assertThat(ran).isLessThan(20);
  }

  /** The execution count once two polls 200 ms apart agree. */
  private static int settledCount() {
    int[] last = {-1};
    await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(15)).until(() -> {
      int now = ProbeTasks.COUNT.get();
      boolean same = now == last[0];
      last[0] = now;
      return same;
    });
    return last[0];
  }

  @Test
  void rawMessagesWithoutAValidTokenAndItsSessionsMac_areRefusedAndNeverRun() throws Exception {
    EventBus bus = cluster.client().eventBus();
    Buffer body = new ChunkRequest("count", "raw-job", 0,
        new JsonArray().add(new JsonArray()), 0).toJson().toBuffer();
    RawSession alice = RawSession.login(bus, "alice", TestCluster.ALICE_PASSWORD);
    RawSession bob = RawSession.login(bus, "bob", "bob-demo-password");
    String forged = TokenService.create(cluster.client(), "not-the-cluster-secret-at-all")
        .issue("alice", List.of("*"), 60, Session.create(System.currentTimeMillis(), 60_000))
        .token();
    String tasks = pool.workers().await(5, TimeUnit.SECONDS).get(0).address();
    int before = ProbeTasks.COUNT.get();
    assertThat(refusal(bus, tasks, body, delivery(null))).isEqualTo(401);
    assertThat(refusal(bus, tasks, body, delivery("Bearer " + forged))).isEqualTo(401);
    assertThat(refusal(bus, tasks, body, delivery(alice.bearer()))).as("a token alone")
        .isEqualTo(401);
    assertThat(refusal(bus, tasks, body, timed(bob.chunk(tasks, "count", "p", body))))
        .isEqualTo(403);
    assertThat(refusal(bus, tasks, "not json", timed(alice.chunk(tasks, "count", "p",
        Buffer.buffer("not json"))))).isEqualTo(400);
    Buffer badArgs = new JsonObject(body).put("args", "x").toBuffer();
    assertThat(refusal(bus, tasks, badArgs, timed(alice.chunk(tasks, "count", "p", badArgs))))
        .isEqualTo(400);
    DeliveryOptions signed = timed(alice.chunk(tasks, "count", "p", body));
    assertThat(refusal(bus, tasks, badArgs, signed)).as("another body").isEqualTo(401);
    String worker = pool.workers().await(5, TimeUnit.SECONDS).get(1).address();
    assertThat(refusal(bus, worker, body, signed)).as("another worker").isEqualTo(401);
    assertThatThrownBy(() -> bus.request(Addresses.TASKS, body, signed).await(10,
        TimeUnit.SECONDS)).as("the shared task address takes no chunk")
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureType())
            .isEqualTo(ReplyFailure.NO_HANDLERS));
    DeliveryOptions otherTask = new DeliveryOptions(signed);
    otherTask.getHeaders().set(Headers.TASK, "double");
    assertThat(refusal(bus, tasks, body, otherTask)).as("another task").isEqualTo(401);
    assertThat(ProbeTasks.COUNT.get()).isEqualTo(before);
    JsonObject reply = new JsonObject(bus.<Buffer>request(tasks, body, signed)
        .await(10, TimeUnit.SECONDS).body());
    assertThat(reply.getJsonArray("results")).hasSize(1);
    assertThat(ProbeTasks.COUNT.get()).isEqualTo(before + 1);
    assertThat(refusal(bus, tasks, body, signed)).as("played back").isEqualTo(401);
    assertThat(ProbeTasks.COUNT.get()).isEqualTo(before + 1);
  }

  @Test
  void aChunkMayNameItsSessionInsteadOfItsToken_onlyAtAWorkerThatHoldsIt() throws Exception {
    EventBus bus = cluster.client().eventBus();
    Buffer body = new ChunkRequest("count", "named-job", 0,
        new JsonArray().add(new JsonArray()), 0).toJson().toBuffer();
    RawSession alice = RawSession.login(bus, "alice", TestCluster.ALICE_PASSWORD);
    RawSession bob = RawSession.login(bus, "bob", "bob-demo-password");
    String worker = pool.workers().await(5, TimeUnit.SECONDS).get(0).address();
    int before = ProbeTasks.COUNT.get();
    assertThat(refusal(bus, worker, body, alice.namingTheSession(timed(alice.chunk(worker,
        "count", "p", body))))).as("the worker never saw the session")
        .isEqualTo(ErrorCode.SESSION_UNKNOWN.toInt());
    bus.request(worker, body, timed(alice.chunk(worker, "count", "p", body)))
        .await(10, TimeUnit.SECONDS);
    JsonObject reply = new JsonObject(bus.<Buffer>request(worker, body,
        alice.namingTheSession(timed(alice.chunk(worker, "count", "p", body))))
        .await(10, TimeUnit.SECONDS).body());
    assertThat(reply.getJsonArray("results")).hasSize(1);
    assertThat(refusal(bus, worker, body, alice.namingTheSession(timed(bob.chunk(worker,
        "count", "p", body))))).as("alice's session named, bob's MAC").isEqualTo(401);
    assertThat(ProbeTasks.COUNT.get()).isEqualTo(before + 2);
  }

  @Test
  void aJobIdNamesAJobOnlyWithinItsUsersJobs_soNoOtherUserCancelsOrTakesIt() throws Exception {
    EventBus bus = cluster.client().eventBus();
    RawSession alice = RawSession.login(bus, "alice", TestCluster.ALICE_PASSWORD);
    RawSession bob = RawSession.login(bus, "bob", "bob-demo-password");
    String worker = pool.workers().await(5, TimeUnit.SECONDS).get(0).address();
    Buffer chunk = new ChunkRequest("echo", "owned-job", 0,
        new JsonArray().add(new JsonArray().add("hi")), 0).toJson().toBuffer();
    // bob sends first with alice's job id: it is a job of bob's own
    bus.request(worker, chunk, timed(bob.chunk(worker, "echo", "p", chunk)))
        .await(10, TimeUnit.SECONDS);
    bus.request(worker, chunk, timed(alice.chunk(worker, "echo", "p", chunk)))
        .await(10, TimeUnit.SECONDS);
    JsonObject cancel = new JsonObject().put("job", "owned-job");
    bus.publish(Addresses.cancellations(Addresses.TASKS), cancel,
        bob.cancel(Addresses.TASKS, "owned-job"));
    // a request after the publish, on the same connection, reaches the worker after it
    bus.request(worker, chunk, timed(alice.chunk(worker, "echo", "p", chunk)))
        .await(10, TimeUnit.SECONDS);
    DeliveryOptions aliceCancel = alice.cancel(Addresses.TASKS, "owned-job");
    DeliveryOptions stolen = new DeliveryOptions(aliceCancel); // alice's proof, bob's token
    stolen.getHeaders().set(Headers.AUTHORIZATION, bob.bearer());
    bus.publish(Addresses.cancellations(Addresses.TASKS), cancel, stolen);
    bus.request(worker, chunk, timed(alice.chunk(worker, "echo", "p", chunk)))
        .await(10, TimeUnit.SECONDS);
    assertThat(refusal(bus, worker, chunk, timed(bob.chunk(worker, "echo", "p", chunk))))
        .as("bob's own job of that id, cancelled by bob").isEqualTo(499);
    bus.publish(Addresses.cancellations(Addresses.TASKS), cancel, aliceCancel);
    await().atMost(Duration.ofSeconds(10)).until(() -> refusal(bus, worker, chunk,
        timed(alice.chunk(worker, "echo", "p", chunk))) == 499);
  }

  private static DeliveryOptions timed(DeliveryOptions options) {
    return options.setSendTimeout(10_000);
  }

  private static int refusal(EventBus bus, String address, Object body, DeliveryOptions options) {
    try {
      bus.request(address, body, options).await(10, TimeUnit.SECONDS);
      return 0;
    } catch (ReplyException e) {
      return e.failureCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static DeliveryOptions delivery(String authorization) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Headers.TASK, "count")
        .setSendTimeout(10_000);
    return authorization == null ? options
        : options.addHeader(Headers.AUTHORIZATION, authorization);
  }

  @Test
  void blockingOnAnEventLoop_failsFast() throws Exception {
    Promise<Throwable> seen = Promise.promise();
    cluster.client().runOnContext(v -> {
      try {
        pool.map("double", List.of(1));
        seen.complete(null);
      } catch (Throwable e) {
        seen.complete(e);
      }
    });
    assertThat(seen.future().await(10, TimeUnit.SECONDS))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void chunkOverTheMessageLimit_isSplit_andAnItemOverIt_failsNamingIt() throws Exception {
    TaskPool small = cluster.pool(alice().setMaxMessageBytes(64 * 1024));
    String kb = "x".repeat(1024);
    List<String> items = Collections.nCopies(300, kb);
    MapResult<String> split = small.mapAsync("echo", items, 300);
    assertThat(split.get(30, TimeUnit.SECONDS)).isEqualTo(items);
    assertThat(split.retriedChunks()).isZero();
    List<String> oneTooBig = List.of("a", "x".repeat(100 * 1024), "b");
    assertThatThrownBy(() -> small.map("echo", oneTooBig))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item 1").hasMessageContaining("maxMessageBytes");
    small.close();
  }

  @Test
  void resultsOverTheLimit_comeBackInParts_andNoItemRunsTwice() throws Exception {
    // the workers' limit is 8 MiB: 9 results of 1 MiB do not fit one reply, each fits alone
    int before = ProbeTasks.COUNT.get();
    List<Integer> sizes = Collections.nCopies(9, 1024 * 1024);
    MapResult<String> result = pool.mapAsync("countrepeat", sizes, 9);
    assertThat(result.get(60, TimeUnit.SECONDS)).hasSize(9)
        .allSatisfy(r -> assertThat(r).hasSize(1024 * 1024));
    assertThat(ProbeTasks.COUNT.get() - before).as("executions").isEqualTo(9);
    assertThat(result.retriedChunks()).isZero();
  }

  @Test
  void aSingleResultOverTheLimit_failsNamingItsItem() {
    assertThatThrownBy(() -> pool.apply("repeat", 9 * 1024 * 1024))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 0")
        .hasMessageContaining("maxMessageBytes");
  }

  @Test
  void taskLogsOverTheLimit_areCutShort_andTheJobSucceeds() throws Exception {
    int before = ProbeTasks.COUNT.get();
    // 12 MiB of log lines from one item: more than a reply may carry
    assertThat(pool.<Integer>mapAsync("chatty", List.of(12 * 1024, 1), 2)
        .get(60, TimeUnit.SECONDS)).containsExactly(0, 1);
  }

  @Test
  void jsonObjectChunkOverTheLimit_isRefusedBeforeItIsDecodedOrRun() throws Exception {
    EventBus bus = cluster.client().eventBus();
    RawSession alice = RawSession.login(bus, "alice", TestCluster.ALICE_PASSWORD);
    String worker = pool.workers().await(5, TimeUnit.SECONDS).get(0).address();
    // 3,500,000 empty argument lists: 10 MB as JSON text, gigabytes once decoded
    JsonArray args = new JsonArray(new java.util.ArrayList<>(3_500_000));
    JsonArray none = new JsonArray();
    for (int i = 0; i < 3_500_000; i++) {
      args.add(none);
    }
    JsonObject huge = new ChunkRequest("count", "huge-job", 0, args, 0).toJson();
    int before = ProbeTasks.COUNT.get();
    Buffer text = Buffer.buffer(huge.encode());
    DeliveryOptions options = alice.chunk(worker, "count", "p", text).setSendTimeout(30_000);
    assertThat(refusal(bus, worker, text, options)).as("signed: the pool may split it")
        .isEqualTo(413);
    assertThat(refusal(bus, worker, huge, options)).as("not bytes").isEqualTo(400);
    assertThat(refusal(bus, worker, huge.encode(), options)).isEqualTo(400);
    assertThat(ProbeTasks.COUNT.get()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1_000})
  void lazyIteratorThatThrows_failsTheJobWithThatException(int chunkSize) {
    java.io.UncheckedIOException broken = new java.io.UncheckedIOException(
        new java.io.IOException("disk gone"));
    java.util.Iterator<Integer> items = new java.util.Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        if (i == 10_000) {
          throw broken;
        }
        return true;
      }

      @Override
      public Integer next() {
        return i++;
      }
    };
    MapResult<Integer> result = pool.mapAsync("double", items, chunkSize);
    assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isSameAs(broken);
  }

  @Test
  void lazyIterator_isPulledAsWorkersHaveRoom_andGivesTheOrderedList() throws Exception {
    int n = 50_000;
    java.util.concurrent.atomic.AtomicInteger pulled = new java.util.concurrent.atomic.AtomicInteger();
    java.util.Iterator<Integer> items = java.util.stream.IntStream.range(0, n)
        .peek(i -> pulled.incrementAndGet()).boxed().iterator();
    MapResult<Integer> result = pool.mapAsync("double", items);
    assertThat(result.get(60, TimeUnit.SECONDS))
        .isEqualTo(IntStream.range(0, n).map(i -> 2 * i).boxed().toList());
    assertThat(pulled.get()).isEqualTo(n);
    assertThat(result.totalItems()).isEqualTo(n);
  }

  @Test
  void lazyIterator_holdsNoMoreThanTheWindow() throws Exception {
    java.util.concurrent.atomic.AtomicInteger pulled = new java.util.concurrent.atomic.AtomicInteger();
    java.util.Iterator<Integer> items = java.util.stream.Stream.generate(() -> 20)
        .peek(i -> pulled.incrementAndGet()).limit(10_000).iterator();
    MapResult<Integer> result = pool.mapAsync("sleep", items, 1);
    try {
      // 2 workers x 2 slots x 2 prefetch: at most 8 one-item chunks in flight
      for (int sample = 0; sample < 20; sample++) {
        int seenPulled = pulled.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> pulled.get() > seenPulled);
        // + 1: a stream iterator pulls one item ahead when asked hasNext()
        assertThat(pulled.get() - result.completedItems()).isLessThanOrEqualTo(8 + 1);
      }
      assertThat(result.totalItems()).isEqualTo(-1);
    } finally {
      result.cancel(true);
    }
  }

  @Test
  void nonJsonArgument_isRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> pool.mapAsync("echo", List.of(new Object())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 0");
  }

  @Test
  void jsonAndBinaryPools_giveTasksAndCallersTheSameValues() throws Exception {
    TaskPool json = cluster.pool(alice().setCodec("json"));
    List<Object> values = java.util.Arrays.asList(1, -5L, 1L << 40, 2.5, "héllo", true, null,
        new byte[] {1, 2}, new JsonObject().put("a", List.of(1, "x")), List.of(1, 2, 3),
        List.of("mixed", 1), new java.math.BigInteger("123456789012345678901234567890"));
    List<Object> viaJson = json.<Object>mapAsync("echo", values).get(30, TimeUnit.SECONDS);
    List<Object> viaBinary = pool.<Object>mapAsync("echo", values).get(30, TimeUnit.SECONDS);
    assertThat(viaBinary).isEqualTo(viaJson);
    for (int i = 0; i < values.size(); i++) {
      Object b = viaBinary.get(i);
      Object j = viaJson.get(i);
      assertThat(b == null ? null : b.getClass()).as("type of %s", values.get(i))
          .isEqualTo(j == null ? null : j.getClass());
    }
    assertThat(json.<Integer>starmap("mul", List.of(List.of(3, 4)))).containsExactly(12);
    json.close();
  }

  @Test
  void getOnAFailedJob_wrapsTheCauseInExecutionException() {
    assertThatThrownBy(() -> pool.mapAsync("fail", List.of("x")).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TaskFailedException.class);
  }
}
