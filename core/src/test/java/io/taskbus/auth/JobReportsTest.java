package io.taskbus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JobReportsTest {

  private static final Vertx VERTX = Vertx.vertx();
  private static final String SECRET = "a-test-secret-of-enough-length";
  private static final String WHERE = "taskbus.tasks.jobs";
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final TokenService tokens = TokenService.create(VERTX, SECRET, now::get);
  private final Session session = Session.create(now.get(), 3_600_000);
  private final IssuedToken bob = tokens.issue("bob", List.of("view"), 60, session);
  private final MessageAuth auth = MessageAuth.of(session.key());
  private final JsonObject record = new JsonObject().put("job", "j1").put("user", "mallory")
      .put("done", 5);

  @AfterAll
  static void close() {
    VERTX.close();
  }

  private JsonObject signed() {
    return JobReports.sign(session.key(), auth, "Bearer " + bob.token(), WHERE, 7, 123,
        record);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(5, TimeUnit.SECONDS);
  }

  private static boolean refused(Future<?> f) {
    try {
      f.await(5, TimeUnit.SECONDS);
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  @Test
  void open_signedReport_givesTheTokensUser_neverTheRecordsClaim() throws Exception {
    JobReports.Verified v = await(JobReports.open(tokens, WHERE, signed()));
    assertThat(v.user()).isEqualTo("bob");
    assertThat(v.record()).isEqualTo(record);
    assertThat(v.seq()).isEqualTo(7);
    assertThat(v.ts()).isEqualTo(123);
  }

  @Test
  void sign_sealsTheRecord_soThatOnlyHoldersOfTheClustersSecretReadIt() {
    String envelope = signed().encode();
    assertThat(envelope).doesNotContain("mallory").doesNotContain("\\\"done\\\"");
    // the same MAC over a sealed text moved to another place fails to open too
    JsonObject moved = signed();
    moved.put("mac", auth.job("elsewhere", moved.getString("record"), 7, 123));
    assertThat(refused(JobReports.open(tokens, "elsewhere", moved))).isTrue();
  }

  @Test
  void open_afterTheTokenExpired_stillVouchesForWhatItsSessionSigned() throws Exception {
    JsonObject envelope = signed();
    now.addAndGet(3_600_000);
    assertThat(await(JobReports.open(tokens, WHERE, envelope)).user()).isEqualTo("bob");
  }

  @Test
  void open_refusesAnyChange_anotherPlace_garbageAndOtherClustersTokens() {
    assertThat(refused(JobReports.open(tokens, WHERE, signed().put("record",
        record.copy().put("done", 6).encode())))).isTrue();
    assertThat(refused(JobReports.open(tokens, WHERE, signed().put("seq", 8)))).isTrue();
    assertThat(refused(JobReports.open(tokens, WHERE, signed().put("ts", 124)))).isTrue();
    assertThat(refused(JobReports.open(tokens, "taskbus.jobs.history", signed()))).isTrue();
    assertThat(refused(JobReports.open(tokens, WHERE, signed().put("mac", "AAAA")))).isTrue();
    assertThat(refused(JobReports.open(tokens, WHERE, new JsonObject()))).isTrue();
    assertThat(refused(JobReports.open(tokens, WHERE, null))).isTrue();
    assertThat(refused(JobReports.open(tokens, WHERE, signed().put("seq", "7")))).isTrue();
    assertThat(refused(JobReports.open(tokens, WHERE, signed().put("record",
        "x".repeat(JobReports.MAX_RECORD_CHARS + 1))))).isTrue();
    TokenService other = TokenService.create(VERTX, "another-secret-of-enough-length");
    assertThat(refused(JobReports.open(other, WHERE, signed()))).isTrue();
    // a report signed with another session's key under bob's token
    JsonObject forged = JobReports.sign(new byte[32], MessageAuth.of(new byte[32]),
        "Bearer " + bob.token(), WHERE, 7, 123, record);
    assertThat(refused(JobReports.open(tokens, WHERE, forged))).isTrue();
    // text that is no JSON object, properly signed
    JsonObject notJson = signed();
    String text = "[1,2]";
    notJson.put("record", text).put("mac", auth.job(WHERE, text, 7, 123));
    assertThat(refused(JobReports.open(tokens, WHERE, notJson))).isTrue();
  }
}
