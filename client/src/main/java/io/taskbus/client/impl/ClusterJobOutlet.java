package io.taskbus.client.impl;

import io.taskbus.auth.JobReports;
import io.taskbus.protocol.Addresses;
import io.taskbus.shared.SharedState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Sends a pool's job reports into the cluster, each sealed and signed with the pool's session
 * ({@link JobReports}): live ones published on {@code <address>.jobs} as JSON text, ended ones
 * also written into the history ring ({@link Addresses#JOB_HISTORY}: record n, numbered by a
 * cluster counter, goes to slot n modulo its size, so the oldest is overwritten first).
 * On the pool's context.
 */
final class ClusterJobOutlet implements JobReporter.Outlet {

  private static final System.Logger LOG = System.getLogger(ClusterJobOutlet.class.getName());

  private final Vertx vertx;
  private final SessionToken session;
  private final Scheduler scheduler;
  private final String address;

  ClusterJobOutlet(Vertx vertx, SessionToken session, Scheduler scheduler, String taskAddress) {
    this.vertx = vertx;
    this.session = session;
    this.scheduler = scheduler;
    this.address = Addresses.jobs(taskAddress);
  }

  @Override
  public void live(JsonObject record) {
    vertx.eventBus().publish(address, signed(address, record).toBuffer());
  }

  @Override
  public Future<Void> history(JsonObject record) {
    JsonObject envelope = signed(Addresses.JOB_HISTORY, record);
    SharedState shared = SharedState.create(vertx);
    return shared.counter(Addresses.JOB_HISTORY_COUNTER).incrementAndGet()
        .compose(n -> shared.sharedMap(Addresses.JOB_HISTORY)
            .put(Addresses.historySlot(n), envelope))
        .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "job {0} was not written to the"
            + " job history: {1}", record.getString("job"), e.getMessage()));
  }

  private JsonObject signed(String where, JsonObject record) {
    SessionToken.Credentials credentials = session.credentials();
    return JobReports.sign(credentials.session().key(), credentials.auth(),
        credentials.bearer(), where, session.nextSeq(), scheduler.currentTimeMillis(), record);
  }
}
