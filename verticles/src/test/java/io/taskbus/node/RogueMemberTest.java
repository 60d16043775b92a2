package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskbus.client.JobOptions;
import io.taskbus.client.MapResult;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskbusConf;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.WireCodec;
import io.taskbus.protocol.WorkerInfo;
import io.taskbus.testing.ProbeTasks;
import io.taskbus.testing.RogueMember;
import io.taskbus.testing.RogueMember.Caught;
import io.taskbus.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile tests with a real rogue member ({@link RogueMember}: a clustered Vert.x node on
 * loopback using only the public event-bus API) beside two worker nodes and alice's client
 * node. The rogue answers chunks at a worker's own address with forged results, replays the
 * chunks it caught (elsewhere, changed, again), forges announcements and departures, cancels
 * alice's job, floods a worker and plays the auth service. Each attack must fail with nothing
 * lost: alice's jobs complete with correct results, and what the rogue sends runs nothing
 * ({@link ProbeTasks#COUNT} counts every run of {@code count}, {@code countrepeat} and
 * {@code slowcount}). Run twice: TLS off, and TLS on with the rogue holding a certificate of
 * the cluster's own CA, as every client machine does: TLS keeps out nodes without one, not
 * hostile members.
 */
class RogueMemberTest {

  private static final long WAIT_S = 30;
  /** Alice's doublings: many chunks, so the rogue meets many of them. */
  private static final List<Integer> ITEMS = IntStream.range(0, 120).boxed().toList();
  private static final List<Integer> DOUBLED = ITEMS.stream().map(i -> 2 * i).toList();
  /**
   * A rogue at a worker's address takes every other message sent there, so one chunk may meet
   * it several times in a row: a budget no run of the tests exhausts by chance.
   */
  private static final int MAX_RETRIES = 20;
  private static final int FLOOD = 3_000;
  /** A real consumer answers a probe at once; one that gets none, it went to the rogue. */
  private static final long PROBE_MS = 1_000;

  /**
   * What an attack could change of the workers a pool knows: each one's id, node, address,
   * room and whether it is leaving (the fields a forged announcement changes).
   */
  static Set<String> view(List<WorkerInfo> workers) {
    return workers.stream().map(w -> w.worker() + " on " + w.node() + " at " + w.address()
        + ", slots " + w.slots() + ", capacity " + w.capacity()
        + (w.leaving() ? ", leaving" : "")).collect(Collectors.toSet());
  }

  /** Any machine that reaches the cluster's loopback ports. */
  @Nested
  class TlsOff extends Attacks {
    TlsOff() {
      super(false);
    }
  }

  /** Event-bus TLS with client certificates, the rogue holding one of the cluster's CA. */
  @Nested
  class TlsOn extends Attacks {
    TlsOn() {
      super(true);
    }
  }

  /**
   * One cluster per mode (two worker nodes, alice's client node, the rogue), shared by the
   * attacks: each starts once alice's pool knows the real workers as they are, and leaves the
   * rogue consuming nothing. The attacks hold to behaviour, not to today's wire: the rogue
   * sends what it caught with every header as it came, and names no header but
   * {@code authorization} and {@code task}.
   */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @Timeout(60)
  abstract class Attacks {

    private final boolean tls;
    private Path certs;
    private TestCluster cluster;
    private RogueMember rogue;
    private TaskPool alice;
    /** The real workers, as alice's pool heard them: the rogue attacks the first. */
    private List<WorkerInfo> real;
    private WorkerInfo first;
    private WorkerInfo second;

    Attacks(boolean tls) {
      this.tls = tls;
    }

    @BeforeAll
    void start(@TempDir Path certs) throws Exception {
      this.certs = certs;
      if (tls) {
        // the client node uses the workers' certificate, as TlsTest's does
        DevCertificates.create(certs, List.of("worker", "rogue"));
      }
      cluster = TestCluster.empty(conf -> withTls(conf, "worker"));
      cluster.addWorkerNode();
      cluster.addWorkerNode();
      cluster.withClient();
      rogue = RogueMember.join(TaskbusConf.of(withTls(cluster.confJson(), "rogue"),
          TestCluster.home().resolve("conf")));
      alice = cluster.pool();
      await().atMost(Duration.ofSeconds(WAIT_S))
          .until(() -> alice.workers().await(WAIT_S, TimeUnit.SECONDS).size() == 2);
      real = alice.workers().await(WAIT_S, TimeUnit.SECONDS).stream()
          .sorted(Comparator.comparing(WorkerInfo::worker)).toList();
      first = real.get(0);
      second = real.get(1);
    }

    /**
     * Each attack starts with alice's pool knowing the real workers as they are: in today's
     * code a forged announcement of the test before lasts until the worker's next real one.
     */
    @BeforeEach
    void realWorkersKnown() {
      await().atMost(Duration.ofSeconds(WAIT_S))
          .until(() -> view(alice.workers().await(WAIT_S, TimeUnit.SECONDS)).equals(view(real)));
    }

    @AfterAll
    void stop() throws Exception {
      if (alice != null) {
        alice.terminate().await(WAIT_S, TimeUnit.SECONDS);
      }
      if (rogue != null) {
        rogue.close();
      }
      if (cluster != null) {
        cluster.close();
      }
    }

    /** {@code conf} with this mode's event-bus TLS for {@code node}'s certificate, or none. */
    private JsonObject withTls(JsonObject conf, String node) {
      JsonObject cluster = conf.getJsonObject("cluster");
      if (!tls) {
        cluster.remove("tls");
        return conf;
      }
      cluster.put("tls", new JsonObject()
          .put("keyPath", certs.resolve(node + "-key.pem").toString())
          .put("certPath", certs.resolve(node + "-cert.pem").toString())
          .put("caPath", certs.resolve("ca.pem").toString()));
      return conf;
    }

    // a. forged results

    @Test
    void rogueAtAWorkersAddress_answeringWithForgedResults_changesNoResult() throws Exception {
      RogueMember.Catch at = rogue.catchOn(first.address(), rogue.forgedResults());
      try {
        // alice's node learns of the rogue's consumer a moment after it registers: every job
        // until it has answered some of her chunks must be right too (a time bound, not a job
        // count: fast jobs may all end before it hears)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        do {
          assertCompletes(alice.mapAsync("double", ITEMS, patient(2)), DOUBLED);
        } while (at.size() == 0 && System.nanoTime() < deadline);
      } finally {
        stopCatching(at, first.address());
      }
      assertThat(at.size()).as("chunks for worker %s that the rogue answered", first.worker())
          .isPositive();
    }

    // b. replays of caught chunks

    @Test
    void chunkReplayedToTheOtherWorker_runsNothing() throws Exception {
      Caught chunk = caughtCountChunks(1).get(0);
      whileAliceWorks(() -> assertRunsNothing("sent to the other worker",
          () -> rogue.replay(chunk, second.address())));
    }

    @Test
    void chunkReplayedToTheSharedTaskAddress_runsNothing() throws Exception {
      Caught chunk = caughtCountChunks(1).get(0);
      whileAliceWorks(() -> assertRunsNothing("sent to " + Addresses.TASKS,
          () -> rogue.replay(chunk, Addresses.TASKS)));
    }

    @Test
    void chunkReplayedWithAnotherTaskHeader_runsNothing() throws Exception {
      Caught chunk = caughtCountChunks(1).get(0);
      whileAliceWorks(() -> assertRunsNothing("named countrepeat in its task header",
          () -> rogue.replay(chunk, first.address(), Map.of(Headers.TASK, "countrepeat"),
              body -> body)));
    }

    @Test
    void chunkReplayedWithAnotherBody_runsNothing() throws Exception {
      Caught chunk = caughtCountChunks(1).get(0);
      WireCodec.DecodedChunk read = chunk.chunk();
      WireCodec codec = WireCodec.of((Buffer) chunk.body());
      Buffer moreItems = codec.encodeRequest("count", read.job(), read.first(),
          Collections.nCopies(10, List.of()), 0);
      Buffer otherTask = codec.encodeRequest("countrepeat", read.job(), read.first(),
          Collections.nCopies(read.items().size(), List.of(1)), 0);
      whileAliceWorks(() -> {
        assertRunsNothing("with 10 items in its body",
            () -> rogue.replay(chunk, first.address(), Map.of(), body -> moreItems));
        assertRunsNothing("for countrepeat, in its body and task header",
            () -> rogue.replay(chunk, first.address(), Map.of(Headers.TASK, "countrepeat"),
                body -> otherTask));
      });
    }

    @Test
    void chunkReplayedToItsWorkerManyTimes_runsAtMostOnce() throws Exception {
      Caught chunk = caughtCountChunks(1).get(0);
      int items = chunk.chunk().items().size();
      whileAliceWorks(() -> {
        int before = settledCount();
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          outcomes.add(rogue.replay(chunk, first.address()).await(WAIT_S, TimeUnit.SECONDS));
        }
        assertThat(ProbeTasks.COUNT.get() - before)
            .as("items run by a chunk of %d items sent 5 times to its worker (answers %s)",
                items, outcomes)
            .isLessThanOrEqualTo(items);
      });
    }

    // c. forged announcements and departures

    @Test
    void forgedAnnouncementsOfTheRealWorkers_changeNothingAlicesPoolSees() throws Exception {
      Map<String, Caught> heard = realAnnouncements();
      String sinkAddress = Addresses.worker(Addresses.TASKS, rogue.id());
      List<UnaryOperator<JsonObject>> changes = List.of(
          json -> json.put("leaving", true),
          json -> json.put("slots", 4_000).put("capacity", 8_000),
          json -> json.put("address", sinkAddress));
      List<Caught> forged = new ArrayList<>();
      for (UnaryOperator<JsonObject> change : changes) {
        for (Caught real : List.of(heard.get(first.worker()), heard.get(second.worker()))) {
          forged.add(forge(real, change)); // its signature kept over another text
          forged.add(Caught.forged(change.apply(announced(real)).toBuffer())); // unsigned
        }
      }
      assertForgeriesChangeNothing(forged, sinkAddress);
    }

    @Test
    void forgedNewWorker_atTheRoguesAddress_isNotListed_andGetsNoChunk() throws Exception {
      String sinkAddress = Addresses.worker(Addresses.TASKS, rogue.id());
      Caught real = realAnnouncements().get(first.worker());
      UnaryOperator<JsonObject> fake = json -> json.put("worker", rogue.id())
          .put("address", sinkAddress);
      assertForgeriesChangeNothing(List.of(forge(real, fake),
          Caught.forged(fake.apply(announced(real)).toBuffer())), sinkAddress);
    }

    // d. forged cancels

    @Test
    void anotherUsersCancels_ofAlicesRunningJob_leaveItRunning() throws Exception {
      String bob = rogue.login("bob", "bob-demo-password");
      assertCancelsLeaveItRunning(job -> List.of(Caught.forged(new JsonObject().put("job", job),
          Headers.AUTHORIZATION, bob)));
    }

    @Test
    void cancelsWithAlicesCaughtToken_ofHerRunningJob_leaveItRunning() throws Exception {
      Caught cancel = caughtCancelOfAlices();
      String token = cancel.header(Headers.AUTHORIZATION);
      assertCancelsLeaveItRunning(job -> List.of(
          cancel, // hers, of her other job, again
          cancel.withJson(json -> json.put("job", job)), // every header of hers, this job
          Caught.forged(new JsonObject().put("job", job), Headers.AUTHORIZATION, token)));
    }

    // e. a flood

    @Test
    void floodOfJunkAndReplays_atAWorker_losesNothing_andTheWorkerServesOn() throws Exception {
      List<Caught> chunks = distinct(caughtCountChunks(2));
      int items = chunks.stream().mapToInt(c -> c.chunk().items().size()).sum();
      List<Caught> junk = junk(chunks.get(0), new Random(20261125));
      int before = settledCount();
      MapResult<Integer> job = alice.mapAsync("double", ITEMS, patient(3));
      Map<String, Integer> outcomes = rogue.flood(first.address(), FLOOD, i -> i % 2 == 0
              ? chunks.get(i / 2 % chunks.size()) : junk.get(i / 2 % junk.size()))
          .await(2 * WAIT_S, TimeUnit.SECONDS);
      System.out.println("rogue flood of " + FLOOD + " (tls " + tls + "): " + outcomes);
      assertCompletes(job, DOUBLED);
      await().atMost(Duration.ofSeconds(WAIT_S)).until(() -> alice.<String>mapAsync("whoami",
          Collections.nCopies(8, 0), patient(1)).get(WAIT_S, TimeUnit.SECONDS)
          .contains(first.worker()));
      assertThat(settledCount() - before)
          .as("items run by %d replays of %d caught chunks of %d items in all (answers %s)",
              FLOOD / 2, chunks.size(), items, outcomes)
          .isLessThanOrEqualTo(items);
    }

    // f. a rogue auth service

    @Test
    void rogueAuthService_neverGetsThePassword_andAlicesLoginsSucceed() throws Exception {
      RogueMember.Catch auth = rogue.catchOn(Addresses.AUTH, rogue.fakeAuth());
      try {
        // logins go round robin over the two auth nodes and the rogue: within 3, one is its
        for (int logins = 0; logins < 3 || auth.size() == 0 && logins < 9; logins++) {
          TaskPool pool = cluster.pool(new PoolOptions().setUsername("alice")
              .setPassword(TestCluster.ALICE_PASSWORD));
          try {
            assertThat(pool.<Integer>map("double", List.of(1, 2, 3))).containsExactly(2, 4, 6);
          } finally {
            pool.close();
            pool.join().await(WAIT_S, TimeUnit.SECONDS);
          }
        }
      } finally {
        stopCatching(auth, Addresses.AUTH);
      }
      assertThat(auth.caught()).as("login messages the rogue got").isNotEmpty()
          .allSatisfy(msg -> assertThat(msg.text()).doesNotContain(TestCluster.ALICE_PASSWORD));
    }

    // the attacks' parts

    private interface Attack {
      void run() throws Exception;
    }

    /** Alice's doublings, started before {@code attack} and all correct after it. */
    private void whileAliceWorks(Attack attack) throws Exception {
      MapResult<Integer> job = alice.mapAsync("double", ITEMS, patient(3));
      attack.run();
      assertCompletes(job, DOUBLED);
    }

    /**
     * Chunks of alice's {@code count} jobs that the rogue caught at the first worker's own
     * address, answering each that the worker is full: she sends it again at no cost, and her
     * jobs complete, each count a run of its own.
     */
    private List<Caught> caughtCountChunks(int atLeast) throws Exception {
      RogueMember.Catch at = rogue.catchOn(first.address(), RogueMember.REFUSE);
      try {
        // alice's node hears of the rogue's consumer a moment after it registers: jobs run
        // until enough of her chunks reach it, within a time bound (40 jobs may all end first)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (chunksIn(at) < atLeast && System.nanoTime() < deadline) {
          MapResult<Integer> job = alice.mapAsync("count", Collections.nCopies(40, 0),
              patient(2));
          assertThat(job.get(WAIT_S, TimeUnit.SECONDS)).as("alice's counts").hasSize(40)
              .doesNotHaveDuplicates();
        }
      } finally {
        stopCatching(at, first.address());
      }
      List<Caught> chunks = at.caught().stream().filter(c -> c.chunk() != null).toList();
      assertThat(chunks).as("alice's chunks the rogue caught").hasSizeGreaterThanOrEqualTo(
          atLeast);
      return chunks;
    }

    /**
     * Stops the rogue's catch on {@code address}, then waits until alice's node sends what it
     * sends there to the real consumers alone. Until it has heard, it may still send some to the
     * rogue's node, which drops them without a word (Vert.x answers no message that comes over
     * the wire to a node with no consumer for it), and a chunk of alice's would wait out its leg
     * timeout there. Her node's sends go round robin, so three probes in a row answered (each
     * refused by a real consumer: it carries no token) mean the rogue is out of the rotation.
     */
    private void stopCatching(RogueMember.Catch at, String address) throws Exception {
      at.stop();
      EventBus bus = cluster.client().eventBus();
      await().atMost(Duration.ofSeconds(WAIT_S))
          .until(() -> answered(bus, address) && answered(bus, address)
              && answered(bus, address));
    }

    private static boolean answered(EventBus bus, String address) {
      try {
        bus.request(address, "probe", new DeliveryOptions().setSendTimeout(PROBE_MS))
            .await(WAIT_S, TimeUnit.SECONDS);
        return true;
      } catch (ReplyException e) {
        return e.failureType() == ReplyFailure.RECIPIENT_FAILURE;
      } catch (TimeoutException e) {
        return false;
      }
    }

    /** One of each chunk (a refused chunk sent again may have been caught twice). */
    /** Chunks among what the rogue caught: it catches other messages on the address too. */
    private static long chunksIn(RogueMember.Catch at) {
      return at.caught().stream().filter(c -> c.chunk() != null).count();
    }

    private List<Caught> distinct(List<Caught> chunks) {
      Map<String, Caught> byItems = new LinkedHashMap<>();
      chunks.forEach(c -> byItems.putIfAbsent(c.chunk().job() + "/" + c.chunk().first(), c));
      return List.copyOf(byItems.values());
    }

    /** {@code replay} runs no item anywhere. */
    private void assertRunsNothing(String what, Supplier<Future<String>> replay)
        throws Exception {
      int before = settledCount();
      String outcome = replay.get().await(WAIT_S, TimeUnit.SECONDS);
      assertThat(ProbeTasks.COUNT.get() - before)
          .as("items run by a caught chunk %s (answer: %s)", what, outcome).isZero();
    }

    /** What a caught announcement says: its signed text when it is signed, else itself. */
    private static JsonObject announced(Caught caught) {
      JsonObject json = caught.json();
      return json != null && json.getValue("announcement") instanceof String text
          ? new JsonObject(text) : json;
    }

    /** A caught announcement saying something else: a signed one keeps its signature. */
    private static Caught forge(Caught caught, UnaryOperator<JsonObject> change) {
      return caught.withJson(json -> json.getValue("announcement") instanceof String text
          ? json.put("announcement", change.apply(new JsonObject(text)).encode())
          : change.apply(json));
    }

    /** The latest announcement the rogue heard from each real worker, headers and all. */
    private Map<String, Caught> realAnnouncements() throws Exception {
      RogueMember.Catch at = rogue.catchOn(Addresses.announcements(Addresses.TASKS),
          RogueMember.SILENT);
      Map<String, Caught> heard = new LinkedHashMap<>();
      try {
        await().atMost(Duration.ofSeconds(WAIT_S)).until(() -> {
          for (Caught c : at.caught()) {
            JsonObject json = announced(c);
            if (json != null && json.getValue("worker") instanceof String worker) {
              heard.put(worker, c);
            }
          }
          return heard.containsKey(first.worker()) && heard.containsKey(second.worker());
        });
      } finally {
        at.stop();
      }
      return heard;
    }

    /**
     * While the rogue publishes {@code forged} announcements every 10 ms, alice's pool still
     * knows the real workers only, as they are, her job completes correctly, and nothing comes
     * to the rogue's {@code sinkAddress}.
     */
    private void assertForgeriesChangeNothing(List<Caught> forged, String sinkAddress)
        throws Exception {
      String announcements = Addresses.announcements(Addresses.TASKS);
      RogueMember.Catch sink = rogue.catchOn(sinkAddress, rogue.forgedResults());
      List<List<WorkerInfo>> seen = new ArrayList<>();
      try (AutoCloseable forging = rogue.repeat(10,
          () -> forged.forEach(f -> rogue.publish(announcements, f)))) {
        MapResult<Integer> job = alice.mapAsync("double", ITEMS, patient(3));
        await().atMost(Duration.ofSeconds(WAIT_S)).pollInterval(Duration.ofMillis(20))
            .until(() -> {
              seen.add(alice.workers().await(WAIT_S, TimeUnit.SECONDS));
              return seen.size() >= 25 && job.isDone();
            });
        assertThat(seen.stream().map(RogueMemberTest::view).distinct().toList())
            .as("each set of workers alice's pool knew while the rogue forged announcements")
            .containsOnly(view(real));
        assertCompletes(job, DOUBLED);
      } finally {
        sink.stop();
      }
      assertThat(sink.caught()).as("chunks that came to the rogue").isEmpty();
    }

    /** A cancel of alice's, published by the rogue's catch on the cancellations address. */
    private Caught caughtCancelOfAlices() throws Exception {
      RogueMember.Catch at = rogue.catchOn(Addresses.cancellations(Addresses.TASKS),
          RogueMember.SILENT);
      try {
        MapResult<Boolean> job = alice.mapAsync("slowcount", Collections.nCopies(4, 5_000),
            patient(1));
        await().atMost(Duration.ofSeconds(WAIT_S)).until(() -> job.progress().inFlight() > 0);
        job.cancel(true);
        await().atMost(Duration.ofSeconds(WAIT_S)).until(() -> at.size() > 0);
      } finally {
        at.stop();
      }
      return at.caught().get(0);
    }

    /**
     * While the rogue publishes the cancels {@code forged} makes for the job's id every 10 ms,
     * alice's job of 24 items of 60 ms each completes, no item told it was cancelled.
     */
    private void assertCancelsLeaveItRunning(Function<String, List<Caught>> forged)
        throws Exception {
      String cancellations = Addresses.cancellations(Addresses.TASKS);
      MapResult<Boolean> job = alice.mapAsync("slowcount", Collections.nCopies(24, 60),
          patient(1));
      List<Caught> cancels = forged.apply(job.jobId());
      try (AutoCloseable cancelling = rogue.repeat(10,
          () -> cancels.forEach(c -> rogue.publish(cancellations, c)))) {
        assertCompletes(job, Collections.nCopies(24, false));
      }
    }

    /** Messages no client sends, some with alice's caught headers, some with her body. */
    private List<Caught> junk(Caught chunk, Random random) {
      List<Caught> junk = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        junk.add(Caught.forged(bytes(random, 64)));
        junk.add(Caught.forged(bytes(random, 64), Headers.AUTHORIZATION,
            Headers.BEARER + bytes(random, 30), Headers.TASK, "count"));
        junk.add(new Caught(null, chunk.headers(), bytes(random, 1 + random.nextInt(200))));
        junk.add(new Caught(null, chunk.headers(), new JsonObject().put("junk", i)));
      }
      junk.add(Caught.forged(chunk.body()));
      junk.add(Caught.forged(chunk.body(), Headers.TASK, "count"));
      return junk;
    }

    private static Buffer bytes(Random random, int n) {
      byte[] out = new byte[n];
      random.nextBytes(out);
      return Buffer.buffer(out);
    }

    /** A chunk size, and the retry budget of a job that meets the rogue. */
    private static JobOptions patient(int chunkSize) {
      return new JobOptions().setChunkSize(chunkSize).setMaxRetries(MAX_RETRIES);
    }

    /** The job completes with exactly {@code expected}: no result the rogue forged. */
    private static <R> void assertCompletes(MapResult<R> job, List<R> expected) throws Exception {
      List<R> results;
      try {
        results = job.get(WAIT_S, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new AssertionError("alice's job " + job.jobId() + " failed: " + e.getCause(),
            e.getCause());
      } catch (CancellationException e) { // she never cancels it: a forged cancel did
        throw new AssertionError("alice's job " + job.jobId() + " was cancelled: " + e, e);
      }
      assertThat(results).as("alice's results").hasSameSizeAs(expected);
      List<Integer> wrong = IntStream.range(0, expected.size())
          .filter(i -> !Objects.equals(results.get(i), expected.get(i))).boxed().toList();
      long forged = results.stream().filter(r -> Integer.valueOf(RogueMember.FORGED_RESULT)
          .equals(r)).count();
      assertThat(wrong).as("items of alice's %d with a wrong result (%d of them the rogue's %d)",
          expected.size(), forged, RogueMember.FORGED_RESULT).isEmpty();
    }

    /** {@link ProbeTasks#COUNT} once it has stopped changing: every earlier run has ended. */
    private static int settledCount() {
      AtomicInteger last = new AtomicInteger(Integer.MIN_VALUE);
      await().atMost(Duration.ofSeconds(WAIT_S)).pollInterval(Duration.ofMillis(200))
          .until(() -> {
            int now = ProbeTasks.COUNT.get();
            return last.getAndSet(now) == now;
          });
      return ProbeTasks.COUNT.get();
    }
  }
}
