package io.taskbus.client.impl;

import io.netty.channel.EventLoop;
import io.taskbus.auth.ScramLogin;
import io.taskbus.client.AuthenticationException;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.JsonValues;
import io.taskbus.protocol.MessageBodies;
import io.taskbus.protocol.ProtocolException;
import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** A pool whose workers are the cluster's worker verticles on its task address. */
public final class ClusterTaskPool extends AbstractPool {

  /** The largest login reply or worker announcement a pool reads. */
  static final int MAX_CONTROL_BYTES = 64 * 1024;
  /** How long a closing pool waits for its last job records to reach the history. */
  static final long FLUSH_TIMEOUT_MS = 5_000;

  private final SessionToken session;
  private final WorkerDirectory directory;
  private final MessageConsumer<Object> announcements;
  private final ClusterTransport transport;
  private final boolean ownsVertx;
  private final Runnable stopWatching;
  /** Null when the options turn job reports off. */
  private final JobReporter reporter;

  private ClusterTaskPool(Context context, PoolOptions options, Parts parts, boolean ownsVertx) {
    super(context, options, parts.transport, parts.reporter == null ? List.of()
        : List.of(parts.reporter));
    this.reporter = parts.reporter;
    this.session = parts.session;
    this.directory = parts.directory;
    this.announcements = parts.announcements;
    this.transport = parts.transport;
    this.ownsVertx = ownsVertx;
    this.stopWatching = ClusterMembership.watchDepartures(context.owner(),
        node -> context.runOnContext(v -> directory.nodeLeft(node)));
  }

  /** What a pool is made of, built on its context before the pool exists. */
  private record Parts(SessionToken session, WorkerDirectory directory,
                       MessageConsumer<Object> announcements, ClusterTransport transport,
                       JobReporter reporter) {
  }

  public static Future<TaskPool> connect(Vertx vertx, PoolOptions options) {
    return connect(vertx, options, false);
  }

  /** @param ownsVertx true when the pool started {@code vertx}: closing the pool closes it */
  public static Future<TaskPool> connect(Vertx vertx, PoolOptions options, boolean ownsVertx) {
    PoolOptions copy = new PoolOptions(options);
    return connect(vertx, copy, ownsVertx, scheduler ->
        SessionToken.login(scheduler, loginChannel(vertx.eventBus()), copy));
  }

  /**
   * A pool for a session logged in elsewhere: a gateway relayed its user's login, and {@code
   * answer} is the auth service's answer, opened. The pool runs as that user, with that user's
   * permissions, until the session's end.
   */
  public static Future<TaskPool> connect(Vertx vertx, PoolOptions options, JsonObject answer) {
    PoolOptions copy = new PoolOptions(options).setPassword(null);
    return connect(vertx, copy, false, scheduler ->
        SessionToken.relayed(scheduler, loginChannel(vertx.eventBus()), copy, answer));
  }

  /** Logs in on the pool's context, then starts the pool's parts there. */
  private static Future<TaskPool> connect(Vertx vertx, PoolOptions options, boolean ownsVertx,
      Function<Scheduler, Future<SessionToken>> login) {
    Context context = poolContext(vertx, ownsVertx);
    Scheduler scheduler = Scheduler.of(context);
    Promise<TaskPool> result = Promise.promise();
    context.runOnContext(v -> login.apply(scheduler)
        .compose(session -> start(vertx, scheduler, session, options)
            .onFailure(e -> session.close()))
        .<TaskPool>map(parts -> new ClusterTaskPool(context, options, parts, ownsVertx))
        .onComplete(result));
    return result.future();
  }

  /**
   * A caller on a Vert.x thread keeps its own context, so that the pool's futures complete
   * where the caller's code runs. Any other caller's pool, and a pool that owns its Vert.x,
   * runs on the loop that reads the workers' answers ({@link InboundLoop}): a blocking
   * caller's result is handed over from there without another loop's wake-up between.
   */
  private static Context poolContext(Vertx vertx, boolean ownsVertx) {
    if (Context.isOnVertxThread() && !ownsVertx) {
      return vertx.getOrCreateContext();
    }
    EventLoop inbound = InboundLoop.of(vertx);
    return inbound == null ? vertx.getOrCreateContext()
        : ((VertxInternal) vertx).contextBuilder().withEventLoop(inbound).build();
  }

  /** Listens to announcements, then asks every worker to announce itself now. */
  private static Future<Parts> start(Vertx vertx, Scheduler scheduler, SessionToken session,
      PoolOptions options) {
    EventBus bus = vertx.eventBus();
    WorkerDirectory directory = new WorkerDirectory(scheduler, options.getAddress());
    String address = options.getAddress();
    MessageConsumer<Object> consumer = bus.consumer(Addresses.announcements(address), msg -> {
      JsonObject envelope;
      try {
        envelope = MessageBodies.readObject(msg, MAX_CONTROL_BYTES);
      } catch (ProtocolException e) {
        return; // not an announcement a worker sends: nothing to learn from it
      }
      // an Ed25519 check takes a fraction of a millisecond: off the pool's context, in order,
      // so that no reply waits behind it
      vertx.executeBlocking(() -> session.readAnnouncement(envelope), true)
          .onSuccess(directory::announced);
    });
    directory.start();
    ClusterTransport transport = new ClusterTransport(bus, scheduler, directory, session,
        UUID.randomUUID().toString(), options);
    return consumer.completion()
        .onSuccess(v -> bus.publish(Addresses.discovery(address), new JsonObject()))
        .map(v -> new Parts(session, directory, consumer, transport,
            options.isJobReports() ? new JobReporter(scheduler,
                new ClusterJobOutlet(vertx, session, scheduler, address)) : null))
        .onFailure(e -> {
          directory.stop();
          transport.close();
          consumer.unregister();
        });
  }

  /**
   * Logins over the event bus: SCRAM-SHA-256 with the password, so it never travels; renewals
   * with the token and the session key's proof. A reply is read only when it is a small JSON
   * object.
   */
  private static SessionToken.LoginChannel loginChannel(EventBus bus) {
    return new SessionToken.LoginChannel() {
      @Override
      public Future<JsonObject> login(String username, String password, long timeoutMs) {
        return ScramLogin.login(bus, Addresses.AUTH, username, password, timeoutMs);
      }

      @Override
      public Future<JsonObject> renew(JsonObject request, long timeoutMs) {
        return bus.request(Addresses.AUTH, request,
            new DeliveryOptions().setSendTimeout(timeoutMs)).map(reply -> {
              try {
                return MessageBodies.readObject(reply, MAX_CONTROL_BYTES);
              } catch (ProtocolException e) {
                throw new AuthenticationException("the auth service's reply cannot be read: "
                    + e.getMessage());
              }
            });
      }
    };
  }

  /** An argument as a plain value: maps, collections and arrays become JSON objects and arrays. */
  @Override
  protected Object prepare(Object arg) {
    return JsonValues.toWire(arg);
  }

  @Override
  protected void check(Object value) {
    JsonValues.check(value);
  }

  @Override
  public Future<List<WorkerInfo>> workers() {
    Promise<List<WorkerInfo>> snapshot = Promise.promise();
    context.runOnContext(v -> snapshot.complete(directory.all()));
    return snapshot.future();
  }

  /** Every history record under way, waited for at most {@link #FLUSH_TIMEOUT_MS}. */
  private Future<Void> flushReports() {
    Promise<Void> flushed = Promise.promise();
    context.runOnContext(v -> {
      reporter.close();
      long timer = context.owner().setTimer(FLUSH_TIMEOUT_MS, t -> flushed.tryComplete());
      reporter.flushed().onComplete(ar -> {
        context.owner().cancelTimer(timer);
        flushed.tryComplete();
      });
    });
    return flushed.future();
  }

  @Override
  protected Future<Void> release() {
    Promise<Void> closed = Promise.promise();
    stopWatching.run();
    // the last jobs' history records are written before the session and the node go
    Future<Void> recorded = reporter == null ? Future.succeededFuture() : flushReports();
    recorded.onComplete(r -> context.runOnContext(v -> {
      session.close();
      directory.stop();
      transport.close();
      announcements.unregister().onComplete(closed);
    }));
    return ownsVertx ? closed.future().eventually(() -> context.owner().close())
        : closed.future();
  }
}
