package io.taskbus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskbus.auth.JobReports;
import io.taskbus.auth.MessageAuth;
import io.taskbus.client.JobInfo;
import io.taskbus.client.MapResult;
import io.taskbus.client.PoolListener;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.node.NodeKeys;
import io.taskbus.protocol.Addresses;
import io.taskbus.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard against a real cluster in this JVM (two worker nodes with auth, a dashboard
 * lite member, a client pool on a Vert.x of its own), over HTTP and in a real headless
 * Chromium (Debian's {@code chromium} and {@code chromium-driver}). Without a browser the
 * browser test says so and is skipped; the HTTP test still runs.
 */
@Timeout(180)
class DashboardBrowserTest {

  static final Path CHROMIUM = Path.of(System.getProperty("taskbus.chromium",
      "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("taskbus.chromedriver",
      "/usr/bin/chromedriver"));
  static final Duration WAIT = Duration.ofSeconds(60);

  private static TestCluster cluster;
  private static Vertx dashboardNode;
  private static String url;
  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(2);
    dashboardNode = cluster.conf().joinCluster(false).await(60, TimeUnit.SECONDS);
    url = serveDashboard();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (dashboardNode != null) {
      dashboardNode.close().await(60, TimeUnit.SECONDS);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A dashboard verticle and its own HTTP server on the dashboard node: its URL. */
  private static String serveDashboard() throws Exception {
    JsonObject conf = cluster.confJson();
    DashboardVerticle dashboard = new DashboardVerticle(NodeKeys.tokenKeys(conf),
        NodeKeys.address(conf));
    dashboardNode.deployVerticle(dashboard).await(60, TimeUnit.SECONDS);
    HttpServer server = DashboardServer.start(dashboardNode, "127.0.0.1", 0,
        new DashboardRoutes(dashboard)).await(60, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + server.actualPort() + "/";
  }

  private HttpResponse<String> post(String path, String form, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).GET();
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Logs in over HTTP: the session cookie ({@code name=value}). */
  private String login(String user, String password) throws Exception {
    HttpResponse<String> response = post("login", "user=" + user + "&password=" + password,
        null);
    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).hasValue("/");
    String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Test
  void http_asksForALogin_withAViewPermission_andShowsEachUserWhatTheyMaySee() throws Exception {
    assertThat(get("api/snapshot", null).statusCode()).isEqualTo(401);
    assertThat(get("api/events", null).statusCode()).isEqualTo(401);
    assertThat(post("login", "user=carol&password=carol-demo-password", null).headers()
        .firstValue("Location")).hasValue("/?login=forbidden");
    assertThat(post("login", "user=bob&password=wrong", null).headers()
        .firstValue("Location")).hasValue("/?login=failed");
    assertThat(get("api/snapshot", "taskbus_dashboard=guessed").statusCode()).isEqualTo(401);
    String bob = login("bob", "bob-demo-password");
    HttpResponse<String> page = get("api/snapshot", bob);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    JsonObject snapshot = new JsonObject(page.body());
    assertThat(snapshot.getString("user")).isEqualTo("bob");
    assertThat(snapshot.getBoolean("allJobs")).isFalse();
    await().atMost(WAIT).until(() -> new JsonObject(get("api/snapshot", bob).body())
        .getJsonArray("workers").size() == 2);

    // a forged report (another session's key under bob's name) and garbage are ignored
    long ignored = new JsonObject(get("api/snapshot", bob).body()).getLong("ignored");
    JsonObject forged = JobReports.sign(new byte[32], MessageAuth.of(new byte[32]), "Bearer x",
        Addresses.jobs(Addresses.TASKS), 1, System.currentTimeMillis(), new JsonObject()
            .put("job", "forged").put("task", "double").put("state", "running"));
    dashboardNode.eventBus().publish(Addresses.jobs(Addresses.TASKS), forged.toBuffer());
    dashboardNode.eventBus().publish(Addresses.jobs(Addresses.TASKS),
        io.vertx.core.buffer.Buffer.buffer("{not json"));
    await().atMost(WAIT).until(() -> new JsonObject(get("api/snapshot", bob).body())
        .getLong("ignored") >= ignored + 2);

    String body = get("api/snapshot", bob).body();
    assertThat(body).doesNotContain("Bearer").doesNotContain("demo-password")
        .doesNotContain("forged");
    assertThat(post("logout", "", bob).statusCode()).isEqualTo(303);
    assertThat(get("api/snapshot", bob).statusCode()).isEqualTo(401);
  }

  @Test
  void browser_logsIn_showsTheNodes_aJobReaching100Percent_andItsHistoryAfterTheClientIsGone()
      throws Exception {
    WebDriver browser = browser();
    try {
      browser.get(url);
      await().atMost(WAIT).until(() -> browser.findElement(By.id("login")).isDisplayed());
      browser.findElement(By.id("user")).sendKeys("alice");
      browser.findElement(By.id("password")).sendKeys(TestCluster.ALICE_PASSWORD);
      browser.findElement(By.id("login-button")).click();
      await().atMost(WAIT).until(() -> browser.findElement(By.id("dashboard")).isDisplayed());
      await().atMost(WAIT).until(() -> browser.findElements(
          By.cssSelector("#workers tbody tr")).size() == 2);
      assertThat(browser.findElement(By.id("t-nodes")).getText()).isEqualTo("2");

      String job = runJobOnAClientThatThenLeaves(browser);
      // bob (view) sees the workers but none of alice's jobs
      JsonObject bobs = new JsonObject(get("api/snapshot", login("bob", "bob-demo-password"))
          .body());
      assertThat(bobs.getJsonArray("workers")).hasSize(2);
      assertThat(bobs.getJsonArray("jobs")).isEmpty();

      // its history outlives the client, and a restart of the dashboard
      assertThat(stateOf(browser, job)).isEqualTo("done");
      url = serveDashboard();
      browser.get(url);
      browser.findElement(By.id("user")).sendKeys("alice");
      browser.findElement(By.id("password")).sendKeys(TestCluster.ALICE_PASSWORD);
      browser.findElement(By.id("login-button")).click();
      await().atMost(WAIT).until(() -> "done".equals(stateOf(browser, job)));
      assertThat(percentOf(browser, job)).isEqualTo("100");
      assertThat(browser.getPageSource()).doesNotContain("demo-password")
          .doesNotContain("Bearer");
    } finally {
      browser.quit();
    }
  }

  /**
   * Alice's pool, on a Vert.x of its own, runs a job of a few seconds; the page shows it running,
   * then at 100%; then the pool and its Vert.x close. Returns the job's id.
   */
  private String runJobOnAClientThatThenLeaves(WebDriver browser) throws Exception {
    AtomicReference<String> jobId = new AtomicReference<>();
    Vertx clientNode = cluster.conf().joinCluster(false).await(60, TimeUnit.SECONDS);
    try {
      TaskPool pool = TaskPool.connect(clientNode, new PoolOptions().setUsername("alice")
          .setPassword(TestCluster.ALICE_PASSWORD)
          .addListener(new PoolListener() {
            @Override
            public void jobStarted(JobInfo job, long total) {
              jobId.set(job.id());
            }
          })).await(60, TimeUnit.SECONDS);
      List<Long> items = IntStream.range(0, 120).mapToObj(i -> 100L).toList();
      MapResult<Object> result = pool.mapAsync("sleep", items, 2);
      await().atMost(WAIT).until(() -> jobId.get() != null
          && "running".equals(stateOf(browser, jobId.get())));
      result.get(60, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> "100".equals(percentOf(browser, jobId.get()))
          && "done".equals(stateOf(browser, jobId.get())));
      String done = jobId.get();

      // a job that fails shows its error, its item and what that item printed
      // (four slots: item 14 fails in the fourth round, well past the half second a job must
      // run to be reported)
      List<List<Object>> failing = IntStream.range(0, 16).mapToObj(i -> List.<Object>of(300L,
          i == 14)).toList();
      MapResult<Object> failed = pool.starmapAsync("slowfail", failing, 1);
      await().atMost(WAIT).until(failed::isDone);
      await().atMost(WAIT).until(() -> "failed".equals(stateOf(browser, jobId.get())));
      String errorText = (String) ((JavascriptExecutor) browser).executeScript("return document"
          + ".querySelector('tr.error-row').textContent;");
      assertThat(errorText).contains("java.lang.IllegalStateException: checksum mismatch in"
          + " item 14").contains("(item 14)")
          .contains("item 14: the input is not what it should be");
      jobId.set(done);
      screenshot(browser);
      pool.close();
      pool.join().await(60, TimeUnit.SECONDS);
    } finally {
      clientNode.close().await(60, TimeUnit.SECONDS);
    }
    return jobId.get();
  }

  /** The job row's state, read in one step: the page redraws its rows twice a second. */
  private static String stateOf(WebDriver browser, String job) {
    return (String) ((JavascriptExecutor) browser).executeScript("const r = document"
        + ".querySelector(\"tr.job[data-job='\" + arguments[0] + \"']\"); return r ?"
        + " r.dataset.state : null;", job);
  }

  private static String percentOf(WebDriver browser, String job) {
    return (String) ((JavascriptExecutor) browser).executeScript("const r = document"
        + ".querySelector(\"tr.job[data-job='\" + arguments[0] + \"'] .txt\"); return r ?"
        + " r.dataset.percent : null;", job);
  }

  private static void screenshot(WebDriver browser) throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "dashboard.png");
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Headless Chromium, or the test is skipped saying why. */
  private static WebDriver browser() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "no browser here: install Debian's chromium and chromium-driver (apt-get install -y"
            + " chromium chromium-driver) to run the dashboard's browser test");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-gpu", "--window-size=1440,1200", "--force-device-scale-factor=1",
            "--hide-scrollbars");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    try {
      return new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      Assumptions.abort("chromium did not start here (" + e.getMessage().lines().findFirst()
          .orElse("") + "): the dashboard's browser test is skipped");
      throw e;
    }
  }
}
