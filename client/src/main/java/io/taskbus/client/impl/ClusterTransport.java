package io.taskbus.client.impl;

import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPoolException;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ChunkRequest;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends chunks to named workers within their credits ({@code slots * prefetch} chunks each), so
 * it always knows which worker holds which chunk: when a worker vanishes, its chunks fail at
 * once as retryable instead of waiting for a send timeout.
 */
final class ClusterTransport extends ChunkTransport implements WorkerDirectory.Listener {

  /** Without a task time limit a chunk may run long; lost workers are caught by the directory. */
  private static final long UNBOUNDED_SEND_TIMEOUT_MS = 24L * 3600 * 1000;
  private static final long SEND_TIMEOUT_MARGIN_MS = 30_000;

  private final Vertx vertx;
  private final WorkerDirectory directory;
  private final SessionToken session;
  private final String address;
  private final int prefetch;
  private final int maxMessageBytes;
  private final Map<String, Set<Promise<ChunkResult>>> inFlight = new HashMap<>();

  ClusterTransport(Vertx vertx, WorkerDirectory directory, SessionToken session,
      PoolOptions options) {
    this.vertx = vertx;
    this.directory = directory;
    this.session = session;
    this.address = options.getAddress();
    this.prefetch = options.getPrefetch();
    this.maxMessageBytes = options.getMaxMessageBytes();
    directory.addListener(this);
  }

  @Override
  public boolean hasWorkers() {
    return !directory.available().isEmpty();
  }

  @Override
  public int slots() {
    return directory.available().stream().mapToInt(WorkerInfo::slots).sum();
  }

  @Override
  public boolean hasCredit(String task) {
    return roomiest(task) != null;
  }

  @Override
  public Future<ChunkResult> send(ChunkSpec chunk) {
    WorkerInfo worker = roomiest(chunk.task());
    if (worker == null) {
      return Future.failedFuture(new RetryableFailure("no worker has room"));
    }
    // sent as JSON text: its size is known before sending, and the worker can check it
    // before it parses anything
    Buffer body = new ChunkRequest(chunk.task(), chunk.job(), chunk.first(),
        new JsonArray(new ArrayList<>(chunk.args())), chunk.timeoutMs()).toJson().toBuffer();
    if (body.length() > maxMessageBytes) {
      return Future.failedFuture(new MessageTooLarge("the chunk encodes to " + body.length()
          + " bytes, over the pool's maxMessageBytes of " + maxMessageBytes));
    }
    Promise<ChunkResult> promise = Promise.promise();
    Set<Promise<ChunkResult>> held = inFlight.computeIfAbsent(worker.worker(), k -> new HashSet<>());
    held.add(promise);
    vertx.eventBus().request(worker.address(), body, delivery(chunk))
        .onComplete(ar -> {
          held.remove(promise);
          if (ar.succeeded()) {
            try {
              promise.tryComplete(toResult(ar.result().body(), worker));
            } catch (RuntimeException e) {
              promise.tryFail(e);
            }
          } else {
            promise.tryFail(Failures.ofChunk(ar.cause(), chunk.task(), worker.worker(),
                chunk.attempt()));
          }
          fireChanged();
        });
    return promise.future();
  }

  @Override
  public void cancel(String job) {
    vertx.eventBus().publish(Addresses.cancellations(address), new JsonObject().put("job", job),
        new DeliveryOptions().addHeader(Headers.AUTHORIZATION, session.bearer()));
  }

  @Override
  public String describe() {
    return "'" + address + "'";
  }

  @Override
  public void changed() {
    fireChanged();
  }

  @Override
  public void lost(String worker) {
    Set<Promise<ChunkResult>> held = inFlight.remove(worker);
    if (held != null) {
      for (Promise<ChunkResult> promise : new ArrayList<>(held)) {
        promise.tryFail(new RetryableFailure("worker " + worker + " was lost"));
      }
    }
  }

  /**
   * The worker with the most free credits among those that serve {@code task}. When none
   * announces it, none until the directory has heard from every worker, then any (which will
   * say the task is unknown). Null when there is no such worker with room.
   */
  private WorkerInfo roomiest(String task) {
    List<WorkerInfo> available = directory.available();
    List<WorkerInfo> serving = available.stream().filter(w -> w.tasks().contains(task)).toList();
    if (serving.isEmpty() && !directory.settled()) {
      return null;
    }
    WorkerInfo best = null;
    int bestFree = 0;
    for (WorkerInfo worker : serving.isEmpty() ? available : serving) {
      Set<Promise<ChunkResult>> held = inFlight.get(worker.worker());
      int free = worker.slots() * prefetch - (held == null ? 0 : held.size());
      if (free > bestFree) {
        best = worker;
        bestFree = free;
      }
    }
    return best;
  }

  private DeliveryOptions delivery(ChunkSpec chunk) {
    long timeout = chunk.timeoutMs() > 0
        ? chunk.timeoutMs() * chunk.args().size() + SEND_TIMEOUT_MARGIN_MS
        : UNBOUNDED_SEND_TIMEOUT_MS;
    return new DeliveryOptions().setSendTimeout(timeout)
        .addHeader(Headers.AUTHORIZATION, session.bearer())
        .addHeader(Headers.TASK, chunk.task());
  }

  private static ChunkResult toResult(Object body, WorkerInfo worker) {
    JsonObject json = body instanceof Buffer text ? new JsonObject(text)
        : body instanceof JsonObject object ? object : null;
    JsonArray results = json != null && json.getValue("results") instanceof JsonArray a ? a : null;
    if (results == null) {
      throw new TaskPoolException("worker " + worker.worker() + " sent a reply without results");
    }
    return new ChunkResult(values(results), json.getString("worker"));
  }

  private static List<Object> values(JsonArray results) {
    List<Object> out = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      out.add(results.getValue(i));
    }
    return out;
  }

}
