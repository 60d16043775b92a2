package io.taskbus.dashboard;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskbus.auth.Announcements;
import io.taskbus.auth.ClusterKeys;
import io.taskbus.auth.IssuedToken;
import io.taskbus.auth.JobReports;
import io.taskbus.auth.Permissions;
import io.taskbus.auth.ScramLogin;
import io.taskbus.auth.TokenKeys;
import io.taskbus.auth.TokenService;
import io.taskbus.node.NodeMetrics;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.MessageBodies;
import io.taskbus.protocol.ProtocolException;
import io.taskbus.shared.SharedMap;
import io.taskbus.shared.SharedState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Feeds the dashboard's {@link ClusterView} from the cluster: the workers' announcements (and
 * asks them to announce at once), their task-stream batches, the clients' live job reports,
 * and the job history ring, read at start and every {@link #HISTORY_POLL_MS}. Logs dashboard
 * users in as a client would (SCRAM with the auth service), and lets in only those whose token
 * grants {@code view}, {@code view:*} or {@code *}. The HTTP side is {@link DashboardRoutes}.
 */
public final class DashboardVerticle extends VerticleBase {

  static final long HISTORY_POLL_MS = 10_000;
  /** How often the {@code taskbus.cluster.jobs.running} gauge's number is taken. */
  static final long METER_MS = 1_000;
  static final long LOGIN_TIMEOUT_MS = 10_000;
  /** An announcement or a stream batch (500 spans) fits in far less. */
  static final int MAX_WORKER_MESSAGE_BYTES = 256 * 1024;

  private final TokenKeys keys;
  private final String address;
  private final LongSupplier clock;
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
  private Context context;
  private TokenService tokens;
  private ClusterView view;
  private DashboardFeeds feeds;
  private long historyTimer = -1;
  private long meterTimer = -1;
  /** The cluster's running jobs, taken on the dashboard's context for the gauge to read. */
  private volatile int jobsRunning;
  private MeterRegistry registry;
  private Gauge jobsGauge;

  /**
   * @param keys what tokens and the workers' key are checked with (the cluster's secret)
   * @param address the task address whose workers and jobs it shows
   */
  public DashboardVerticle(TokenKeys keys, String address) {
    this(keys, address, System::currentTimeMillis);
  }

  DashboardVerticle(TokenKeys keys, String address, LongSupplier clock) {
    this.keys = keys;
    this.address = address;
    this.clock = clock;
  }

  /** Why a login was refused: no such user or password, not allowed to view, no service. */
  public static final class LoginRefused extends RuntimeException {
    private final int status;

    LoginRefused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    /** The HTTP status that says it: 401, 403 or 503. */
    public int status() {
      return status;
    }
  }

  @Override
  public Future<?> start() {
    context = vertx.getOrCreateContext();
    tokens = TokenService.create(vertx, keys, clock);
    view = new ClusterView(clock);
    String announcementKey = ClusterKeys.of(keys.secret()).announcementKey();
    feeds = new DashboardFeeds(view, context, Announcements.Verifier.of(announcementKey), tokens,
        address);
    consumers.add(consume(Addresses.announcements(address), MAX_WORKER_MESSAGE_BYTES,
        feeds::announcement));
    consumers.add(consume(Addresses.stream(address), MAX_WORKER_MESSAGE_BYTES, feeds::stream));
    consumers.add(consume(Addresses.jobs(address), JobReports.MAX_ENVELOPE_BYTES,
        body -> feeds.jobReport(body)));
    readHistory();
    historyTimer = vertx.setPeriodic(HISTORY_POLL_MS, t -> readHistory());
    registry = NodeMetrics.registry(vertx);
    if (registry != null) {
      // the gauge is read on a scrape's thread; the view is the dashboard context's alone
      meterTimer = vertx.setPeriodic(METER_MS, t -> jobsRunning = view.jobsRunning());
      jobsGauge = Gauge.builder("taskbus.cluster.jobs.running", this, d -> d.jobsRunning)
          .description("Jobs of every client reported running now, as this node's dashboard"
              + " hears them")
          .register(registry);
    }
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .onSuccess(v -> vertx.eventBus().publish(Addresses.discovery(address),
            new JsonObject()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(historyTimer);
    vertx.cancelTimer(meterTimer);
    if (jobsGauge != null) {
      registry.remove(jobsGauge);
    }
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  /** What {@code viewer} may see now, made on the dashboard's context. */
  public Future<JsonObject> snapshot(Viewer viewer) {
    Promise<JsonObject> snapshot = Promise.promise();
    context.runOnContext(v -> snapshot.complete(view.snapshot(viewer)));
    return snapshot.future();
  }

  /**
   * Logs {@code user} in with the cluster's auth service; the viewer when their token allows
   * viewing, else a {@link LoginRefused}. The password goes no further than the SCRAM exchange.
   */
  public Future<Viewer> login(String user, String password) {
    return ScramLogin.login(vertx.eventBus(), Addresses.AUTH, user, password, LOGIN_TIMEOUT_MS)
        .recover(e -> Future.failedFuture(refusal(e)))
        .compose(answer -> answer.getValue("token") instanceof String token
            ? tokens.authenticate(Headers.BEARER + token)
            : Future.failedFuture(new LoginRefused(503, "the auth service sent no token")))
        .compose(token -> viewer(token));
  }

  private static Future<Viewer> viewer(IssuedToken token) {
    if (!Permissions.mayView(token.permissions())) {
      return Future.failedFuture(new LoginRefused(403, "user '" + token.user() + "' may not"
          + " view the dashboard (needs the permission view, view:* or *)"));
    }
    return Future.succeededFuture(new Viewer(token.user(),
        Permissions.mayViewAll(token.permissions())));
  }

  private static Throwable refusal(Throwable e) {
    if (e instanceof LoginRefused) {
      return e;
    }
    if (e instanceof io.vertx.core.eventbus.ReplyException r
        && r.failureType() != io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE) {
      return new LoginRefused(503, "no auth service answered: is a worker node up?");
    }
    return new LoginRefused(401, "wrong user name or password");
  }

  private MessageConsumer<Object> consume(String at, int maxBytes,
      java.util.function.Consumer<JsonObject> feed) {
    return vertx.eventBus().consumer(at, (Message<Object> msg) -> {
      JsonObject body;
      try {
        body = MessageBodies.readObject(msg, maxBytes);
      } catch (ProtocolException e) {
        view.ignore();
        return;
      }
      feed.accept(body);
    });
  }

  private void readHistory() {
    SharedMap history = SharedState.create(vertx).sharedMap(Addresses.JOB_HISTORY);
    for (int i = 0; i < Addresses.HISTORY_SLOTS; i++) {
      String slot = Addresses.historySlot(i);
      history.get(slot).onComplete(ar -> context.runOnContext(v -> {
        if (ar.succeeded() && ar.result() != null) {
          feeds.historySlot(slot, ar.result());
        }
      }));
    }
  }
}
