package io.taskbus.client.impl;

import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workers of one task address, kept from their announcements. A worker is gone when its node
 * leaves the cluster, or when it is silent for {@value #MISSED_ANNOUNCEMENTS} of its intervals
 * (a frozen JVM, or a pool on a Vert.x without Hazelcast). Runs on the pool's context.
 */
final class WorkerDirectory {

  /** Told when the set of workers changes. */
  interface Listener {
    void changed();

    /** {@code worker} vanished without leaving: whatever it held is lost. */
    void lost(String worker);
  }

  static final int MISSED_ANNOUNCEMENTS = 3;
  private static final long SWEEP_MS = 250;
  /**
   * Every worker answers discovery at once and announces itself at least this often (the
   * default interval): after it, the directory has heard from every worker alive.
   */
  static final long SETTLE_MS = 1_200;

  private final Vertx vertx;
  private final String address;
  private final Map<String, Seen> workers = new LinkedHashMap<>();
  private final List<Listener> listeners = new ArrayList<>();
  private MessageConsumer<Object> consumer;
  private long sweeper = -1;
  private boolean settled;

  private record Seen(WorkerInfo info, long at) {
  }

  WorkerDirectory(Vertx vertx, String address) {
    this.vertx = vertx;
    this.address = address;
  }

  /** Listens to announcements, then asks every worker to announce itself now. */
  Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.announcements(address),
        msg -> onAnnouncement(msg.body()));
    sweeper = vertx.setPeriodic(SWEEP_MS, t -> sweep());
    vertx.setTimer(SETTLE_MS, t -> {
      settled = true;
      listeners.forEach(Listener::changed);
    });
    return consumer.completion().onSuccess(v ->
        vertx.eventBus().publish(Addresses.discovery(address), new JsonObject()));
  }

  Future<Void> stop() {
    vertx.cancelTimer(sweeper);
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** True once every live worker has had time to announce itself. */
  boolean settled() {
    return settled;
  }

  /** Workers that take chunks now. */
  List<WorkerInfo> available() {
    List<WorkerInfo> out = new ArrayList<>();
    for (Seen seen : workers.values()) {
      if (!seen.info.leaving()) {
        out.add(seen.info);
      }
    }
    return out;
  }

  /** Every worker heard of and not yet gone, leaving ones included. */
  List<WorkerInfo> all() {
    return workers.values().stream().map(Seen::info).toList();
  }

  private void onAnnouncement(Object body) {
    if (!(body instanceof JsonObject json) || json.getString("worker") == null
        || json.getString("address") == null) {
      return; // not an announcement of ours: nothing to learn from it
    }
    WorkerInfo info = WorkerInfo.fromJson(json);
    Seen before = workers.put(info.worker(), new Seen(info, System.nanoTime()));
    if (before == null || before.info.leaving() != info.leaving()
        || before.info.slots() != info.slots()) {
      listeners.forEach(Listener::changed);
    }
  }

  /** The Vert.x node {@code node} left the cluster: its workers are gone, now. */
  void nodeLeft(String node) {
    List<String> gone = workers.values().stream().filter(seen -> node.equals(seen.info.node()))
        .map(seen -> seen.info.worker()).toList();
    forget(gone);
  }

  private void sweep() {
    long now = System.nanoTime();
    List<String> gone = new ArrayList<>();
    workers.forEach((id, seen) -> {
      long silentMs = (now - seen.at) / 1_000_000;
      if (silentMs > MISSED_ANNOUNCEMENTS * Math.max(100, seen.info.intervalMs())) {
        gone.add(id);
      }
    });
    forget(gone);
  }

  private void forget(List<String> gone) {
    for (String id : gone) {
      workers.remove(id);
      listeners.forEach(l -> l.lost(id));
    }
    if (!gone.isEmpty()) {
      listeners.forEach(Listener::changed);
    }
  }
}
