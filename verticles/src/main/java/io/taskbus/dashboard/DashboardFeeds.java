package io.taskbus.dashboard;

import io.taskbus.auth.Announcements;
import io.taskbus.auth.JobReports;
import io.taskbus.auth.TokenService;
import io.taskbus.protocol.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks what the cluster says before the {@link ClusterView} hears it: announcements and
 * stream batches by the workers' Ed25519 signature, job reports and history records by the
 * MAC of the session that made them (its user from its token). What does not prove itself is
 * counted as ignored. Every call into the view runs on the dashboard's context.
 */
final class DashboardFeeds {

  private final ClusterView view;
  private final Context context;
  private final Announcements.Verifier workers;
  private final TokenService tokens;
  private final String jobsAddress;
  /**
   * The MAC of the record last read in each history slot (the ring's slots only, so it stays
   * bounded): an unchanged slot is not checked again.
   */
  private final Map<String, String> historySeen = new HashMap<>();

  DashboardFeeds(ClusterView view, Context context, Announcements.Verifier workers,
      TokenService tokens, String taskAddress) {
    this.view = view;
    this.context = context;
    this.workers = workers;
    this.tokens = tokens;
    this.jobsAddress = Addresses.jobs(taskAddress);
  }

  /** A worker's announcement envelope, as published. */
  void announcement(JsonObject envelope) {
    Announcements.Signed signed = workers.read(envelope);
    if (signed == null) {
      view.ignore();
      return;
    }
    // the signature covers the text: its fields beyond WorkerInfo's (live stats) are the
    // worker's too
    JsonObject info;
    try {
      info = new JsonObject(envelope.getString("announcement"));
    } catch (DecodeException e) {
      view.ignore();
      return;
    }
    view.announced(info, signed.at());
  }

  /** A worker's task-stream envelope. */
  void stream(JsonObject envelope) {
    Announcements.StreamBatch batch = workers.readStream(envelope);
    if (batch == null) {
      view.ignore();
    } else {
      view.streamBatch(batch.batch(), batch.at());
    }
  }

  /** A client's live job report. */
  Future<Void> jobReport(JsonObject envelope) {
    return JobReports.open(tokens, jobsAddress, envelope)
        .andThen(ar -> context.runOnContext(v -> {
          if (ar.succeeded()) {
            JobReports.Verified r = ar.result();
            view.jobReported(r.user(), r.record(), r.ts(), r.seq());
          } else {
            view.ignore();
          }
        })).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  /** What a slot of the history ring holds (anyone may write there: nothing is believed). */
  Future<Void> historySlot(String slot, Object value) {
    if (!(value instanceof JsonObject envelope)) {
      view.ignore();
      return Future.succeededFuture();
    }
    Object mac = envelope.getValue("mac");
    if (mac instanceof String m && m.equals(historySeen.get(slot))) {
      return Future.succeededFuture();
    }
    return JobReports.open(tokens, Addresses.JOB_HISTORY, envelope)
        .andThen(ar -> context.runOnContext(v -> {
          if (ar.succeeded()) {
            JobReports.Verified r = ar.result();
            historySeen.put(slot, (String) mac);
            view.historyRecord(r.user(), r.record(), r.ts(), r.seq());
          } else {
            view.ignore();
          }
        })).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }
}
