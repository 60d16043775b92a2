package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.auth.ScramLogin;
import io.taskbus.auth.Session;
import io.taskbus.auth.TokenService;
import io.taskbus.client.TaskPool;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ChunkRequest;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.WorkerInfo;
import io.taskbus.testing.ProbeTasks;
import io.taskbus.testing.RawSession;
import io.taskbus.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile messages sent straight to the task addresses over the raw event bus, not through the
 * client: every one is refused with an error reply, none runs a task, and the worker then
 * serves a valid job with its heap where it was.
 */
@Timeout(180)
class FuzzTest {

  private static final int MESSAGES = 12_000;
  /** Few in flight, so that most messages reach the parsing, not the full worker's BUSY. */
  private static final int IN_FLIGHT = 4;
  private final Random random = new Random(20261125);

  /** A hostile message: its headers and body. */
  private record Hostile(String kind, String authorization, String task, Object body,
                         RawSession signer) {
    Hostile(String kind, String authorization, String task, Object body) {
      this(kind, authorization, task, body, null);
    }

    /** Sent by a logged-in user, signed with its session: it reaches the parsing. */
    Hostile(String kind, RawSession signer, String task, Object body) {
      this(kind, signer.bearer(), task, body, signer);
    }
  }

  @Test
  void hostileMessages_areAllRefused_noneRuns_andTheWorkerServesOn() throws Exception {
    try (TestCluster cluster = TestCluster.start(1)) {
      TaskPool pool = cluster.pool();
      EventBus bus = cluster.client().eventBus();
      String worker = awaitWorker(pool);
      List<Supplier<Hostile>> kinds = kinds(cluster, bus);
      long heapBefore = usedHeapAfterGc();
      int countBefore = ProbeTasks.COUNT.get();
      Map<String, Integer> outcomes = new TreeMap<>();
      AtomicInteger sent = new AtomicInteger();
      while (sent.get() < MESSAGES) {
        List<Future<String>> batch = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT && sent.get() < MESSAGES; i++, sent.incrementAndGet()) {
          Hostile h = kinds.get(random.nextInt(kinds.size())).get();
          String address = worker;
          batch.add(send(bus, address, h));
        }
        for (Future<String> outcome : batch) {
          outcomes.merge(outcome.await(30, TimeUnit.SECONDS), 1, Integer::sum);
        }
      }
      System.out.println("fuzz: " + MESSAGES + " hostile messages, outcomes " + outcomes);
      assertThat(outcomes.keySet()).allSatisfy(o -> assertThat(o).startsWith("refused"));
      assertThat(ProbeTasks.COUNT.get()).isEqualTo(countBefore);
      assertThat(pool.<Integer>map("double", List.of(1, 2, 3))).containsExactly(2, 4, 6);
      long growthMiB = (usedHeapAfterGc() - heapBefore) >> 20;
      System.out.println("fuzz: heap growth after GC " + growthMiB + " MiB");
      assertThat(growthMiB).isLessThan(64);
    }
  }

  private static String awaitWorker(TaskPool pool) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
        .until(() -> !pool.workers().await(5, TimeUnit.SECONDS).isEmpty());
    List<WorkerInfo> workers = pool.workers().await();
    return workers.get(0).address();
  }

  private static Future<String> send(EventBus bus, String address, Hostile h) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(20_000);
    if (h.signer() != null && h.body() instanceof Buffer bytes) {
      options = h.signer().chunk(address, h.task() == null ? "" : h.task(), "fuzz", bytes)
          .setSendTimeout(20_000);
      if (h.task() == null) {
        options.getHeaders().remove(Headers.TASK);
      }
      return request(bus, address, h, options);
    }
    if (h.authorization() != null) {
      options.addHeader(Headers.AUTHORIZATION, h.authorization());
    }
    if (h.task() != null) {
      options.addHeader(Headers.TASK, h.task());
    }
    return request(bus, address, h, options);
  }

  private static Future<String> request(EventBus bus, String address, Hostile h,
      DeliveryOptions options) {
    return bus.request(address, h.body(), options).map(reply -> "RAN " + h.kind())
        .recover(e -> Future.succeededFuture(e instanceof ReplyException r
            && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
            ? "refused " + r.failureCode() : "lost " + h.kind() + ": " + e));
  }

  private List<Supplier<Hostile>> kinds(TestCluster cluster, EventBus bus) throws Exception {
    RawSession alice = RawSession.login(bus, "alice", TestCluster.ALICE_PASSWORD);
    RawSession bob = RawSession.login(bus, "bob", "bob-demo-password");
    JWTAuth real = JWTAuth.create(cluster.client(), new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(NodeSettings.DEMO_SECRET)));
    JsonObject claims = new JsonObject().put("sub", "alice")
        .put("permissions", new JsonArray().add("*"));
    long now = System.currentTimeMillis() / 1000;
    String expired = "Bearer " + real.generateToken(claims.copy().put("exp", now - 60)
        .put("iat", now - 120), new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
    String forever = "Bearer " + real.generateToken(claims, new JWTOptions()
        .setAlgorithm("HS256"));
    String otherSecret = "Bearer " + TokenService.create(cluster.client(),
        "some-other-secret-entirely").issue("alice", List.of("*"), 600,
        Session.create(System.currentTimeMillis(), 600_000)).token();
    String[] parts = alice.bearer().substring(7).split("\\.");
    String algNone = "Bearer " + b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
    String tampered = "Bearer " + parts[0] + "." + b64("{\"sub\":\"bob\",\"permissions\":"
        + "[\"*\"],\"exp\":99999999999}") + "." + parts[2];
    JsonObject goodJson = new ChunkRequest("count", "fuzz", 0,
        new JsonArray().add(new JsonArray()), 0).toJson();
    Buffer good = goodJson.toBuffer();
    List<Supplier<Hostile>> kinds = new ArrayList<>();
    kinds.add(() -> new Hostile("no token", (String) null, "count", good));
    kinds.add(() -> new Hostile("garbled token", "Bearer " + garbage(40), "count", good));
    kinds.add(() -> new Hostile("not bearer", "Basic " + garbage(20), "count", good));
    kinds.add(() -> new Hostile("expired", expired, "count", good));
    kinds.add(() -> new Hostile("no expiry", forever, "count", good));
    kinds.add(() -> new Hostile("other secret", otherSecret, "count", good));
    kinds.add(() -> new Hostile("alg none", algNone, "count", good));
    kinds.add(() -> new Hostile("tampered", tampered, "count", good));
    kinds.add(() -> new Hostile("forbidden", bob, "count", good));
    kinds.add(() -> new Hostile("no task header", alice, null, good));
    kinds.add(() -> new Hostile("blank task", alice, " ", good));
    kinds.add(() -> new Hostile("unknown task", alice, "no-such-" + random.nextInt(99), good));
    kinds.add(() -> new Hostile("string body", alice, "count", garbage(30)));
    kinds.add(() -> new Hostile("number body", alice, "count", random.nextLong()));
    kinds.add(() -> new Hostile("array body", alice, "count", new JsonArray().add(1)));
    kinds.add(() -> new Hostile("empty object", alice, "count", Buffer.buffer("{}")));
    kinds.add(() -> new Hostile("json object body", alice, "count", goodJson));
    kinds.add(() -> new Hostile("token without MAC", alice.bearer(), "count", good));
    kinds.add(() -> new Hostile("null body", alice, "count", null));
    kinds.add(() -> new Hostile("garbage bytes", alice, "count", Buffer.buffer(bytes(64))));
    kinds.add(() -> new Hostile("deep nesting", alice, "count",
        Buffer.buffer("{\"args\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}")));
    kinds.add(() -> new Hostile("wrong types", alice, "count",
        goodJson.copy().put("first", "x").toBuffer()));
    kinds.add(() -> new Hostile("negative first", alice, "count",
        goodJson.copy().put("first", -5).toBuffer()));
    kinds.add(() -> new Hostile("task mismatch", alice, "count",
        goodJson.copy().put("task", "x").toBuffer()));
    kinds.add(() -> new Hostile("args not arrays", alice, "count",
        goodJson.copy().put("args", hugeArrayOfNumbers()).toBuffer()));
    kinds.add(() -> new Hostile("args a string", alice, "count",
        goodJson.copy().put("args", "x").toBuffer()));
    kinds.add(() -> new Hostile("job missing", alice, "count",
        new JsonObject().put("first", 0).put("args", new JsonArray())));
    Buffer binary = io.taskbus.protocol.WireCodec.BINARY.encodeRequest("count", "fuzz", 0,
        List.of(List.of(1), List.of(2)), 0);
    kinds.add(() -> new Hostile("binary, random tail", alice, "count",
        binary.getBuffer(0, 4).appendBytes(bytes(1 + random.nextInt(200)))));
    kinds.add(() -> new Hostile("binary, cut short", alice, "count",
        binary.getBuffer(0, 4 + random.nextInt(binary.length() - 5))));
    kinds.add(() -> new Hostile("binary, flipped byte", alice, "count", flipped(binary)));
    kinds.add(() -> new Hostile("binary, huge count", alice, "count", binary.copy()
        .setInt(binary.length() - 8 - 4, Integer.MAX_VALUE)));
    return kinds;
  }

  /**
   * A binary chunk with one byte of its header or shape changed: never one of its two items'
   * values, so that what still decodes is a malformed chunk, not another valid one.
   */
  private Buffer flipped(Buffer binary) {
    Buffer copy = binary.copy();
    int at = 2 + random.nextInt(2);
    copy.setByte(at, (byte) (copy.getByte(at) ^ (1 + random.nextInt(255))));
    return copy;
  }

  private JsonArray hugeArrayOfNumbers() {
    JsonArray array = new JsonArray();
    for (int i = 0; i < 20_000; i++) {
      array.add(i);
    }
    return array;
  }

  private String garbage(int n) {
    return new String(bytes(n), StandardCharsets.ISO_8859_1);
  }

  private byte[] bytes(int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }


  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
