package io.taskbus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskbus.auth.Announcements;
import io.taskbus.auth.ClusterKeys;
import io.taskbus.auth.IssuedToken;
import io.taskbus.auth.JobReports;
import io.taskbus.auth.MessageAuth;
import io.taskbus.auth.Session;
import io.taskbus.auth.TokenService;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The feeds believe only what the cluster's keys sign: forged and garbage input is ignored. */
class DashboardFeedsTest {

  private static final Vertx VERTX = Vertx.vertx();
  private static final String SECRET = "a-dashboard-test-secret-of-enough-length";
  private static final String ADDRESS = "taskbus.tasks";
  private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
  private final ClusterKeys keys = ClusterKeys.of(SECRET);
  private final TokenService tokens = TokenService.create(VERTX, SECRET, clock::get);
  private final ClusterView view = new ClusterView(clock::get);
  private final io.vertx.core.Context context = VERTX.getOrCreateContext();
  private final DashboardFeeds feeds = new DashboardFeeds(view, context,
      Announcements.Verifier.of(keys.announcementKey()), tokens, ADDRESS);
  private final Session session = Session.create(clock.get(), 3_600_000);
  private final IssuedToken bob = tokens.issue("bob", List.of("view"), 60, session);

  @AfterAll
  static void close() {
    VERTX.close();
  }

  private static JsonObject record(String job) {
    return new JsonObject().put("job", job).put("task", "double").put("total", 10)
        .put("done", 5).put("startedAt", 1).put("state", "running");
  }

  private JsonObject signedReport(String where, JsonObject record, byte[] key) {
    return JobReports.sign(key, MessageAuth.of(key), "Bearer " + bob.token(), where, 1,
        clock.get(), record);
  }

  /** The view's snapshot after what the feeds queued on the context (in order) has run. */
  private JsonObject snapshot(Viewer viewer) throws Exception {
    io.vertx.core.Promise<JsonObject> snapshot = io.vertx.core.Promise.promise();
    context.runOnContext(v -> snapshot.complete(view.snapshot(viewer)));
    return snapshot.future().await(5, TimeUnit.SECONDS);
  }

  @Test
  void announcements_signedByTheClusterAreShown_othersIgnored() throws Exception {
    WorkerInfo info = new WorkerInfo("w1", "n1", ADDRESS + ".w.w1", 2, 4, List.of("double"),
        false, 1000);
    feeds.announcement(keys.announcementSigner().sign(info, clock.get()));
    feeds.announcement(ClusterKeys.of("another-secret-of-enough-length").announcementSigner()
        .sign(new WorkerInfo("w2", "n1", "x", 2, 4, List.of(), false, 1000), clock.get()));
    JsonObject tampered = keys.announcementSigner().sign(info, clock.get());
    tampered.put("announcement", tampered.getString("announcement").replace("w1", "w3"));
    feeds.announcement(tampered);
    feeds.announcement(new JsonObject().put("announcement", 5));
    JsonObject snapshot = view.snapshot(new Viewer("bob", false));
    assertThat(snapshot.getJsonArray("workers")).hasSize(1);
    assertThat(snapshot.getJsonArray("workers").getJsonObject(0).getString("worker"))
        .isEqualTo("w1");
    assertThat(snapshot.getLong("ignored")).isEqualTo(3);
  }

  @Test
  void jobReports_ofASessionAreShownAsItsUsers_forgedOnesIgnored() throws Exception {
    String where = Addresses.jobs(ADDRESS);
    feeds.jobReport(signedReport(where, record("j1"), session.key()))
        .await(5, TimeUnit.SECONDS);
    feeds.jobReport(signedReport(where, record("j2"), new byte[32])).await(5, TimeUnit.SECONDS);
    feeds.jobReport(signedReport(Addresses.JOB_HISTORY, record("j3"), session.key()))
        .await(5, TimeUnit.SECONDS);
    feeds.jobReport(new JsonObject().put("record", "{}")).await(5, TimeUnit.SECONDS);
    JsonObject snapshot = snapshot(new Viewer("bob", false));
    JsonArray jobs = snapshot.getJsonArray("jobs");
    assertThat(jobs).hasSize(1);
    assertThat(jobs.getJsonObject(0).getString("job")).isEqualTo("j1");
    assertThat(jobs.getJsonObject(0).getString("user")).isEqualTo("bob");
    assertThat(snapshot.getLong("ignored")).isEqualTo(3);
  }

  @Test
  void historySlots_holdingGarbageOrForgeries_areIgnored_goodRecordsShown() throws Exception {
    JsonObject done = record("j1").put("state", "done");
    feeds.historySlot("slot-1", signedReport(Addresses.JOB_HISTORY, done, session.key()))
        .await(5, TimeUnit.SECONDS);
    feeds.historySlot("slot-2", "not an object").await(5, TimeUnit.SECONDS);
    feeds.historySlot("slot-3", signedReport(Addresses.JOB_HISTORY, record("j9"),
        new byte[32])).await(5, TimeUnit.SECONDS);
    JsonObject snapshot = snapshot(new Viewer("alice", true));
    assertThat(snapshot.getJsonArray("jobs")).hasSize(1);
    assertThat(snapshot.getJsonArray("jobs").getJsonObject(0).getString("state"))
        .isEqualTo("done");
    assertThat(snapshot.getLong("ignored")).isEqualTo(2);
  }

  @Test
  void streamBatches_signedByTheWorkersKeyAreShown_othersIgnored() throws Exception {
    long now = clock.get();
    JsonObject batch = new JsonObject().put("worker", "w1").put("node", "n1").put("slots", 1)
        .put("spans", new JsonArray().add(new JsonObject().put("slot", 0).put("job", "j")
            .put("user", "bob").put("task", "double").put("items", 4).put("start", now - 50)
            .put("end", now - 10).put("ok", true)));
    feeds.stream(keys.announcementSigner().signStream(batch, now));
    feeds.stream(ClusterKeys.of("another-secret-of-enough-length").announcementSigner()
        .signStream(batch, now + 1));
    feeds.stream(keys.announcementSigner().signStream(batch, now).put("at", now + 2));
    // an announcement's envelope is not a stream batch's
    feeds.stream(keys.announcementSigner().sign(new WorkerInfo("w1", "n1", "a", 1, 2,
        List.of(), false, 1000), now + 3));
    JsonObject snapshot = view.snapshot(new Viewer("bob", false));
    assertThat(snapshot.getJsonObject("stream").getJsonArray("spans")).hasSize(1);
    assertThat(snapshot.getLong("ignored")).isEqualTo(3);
  }
}
