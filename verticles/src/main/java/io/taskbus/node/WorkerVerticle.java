package io.taskbus.node;

import io.taskbus.auth.TokenService;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ChunkReply;
import io.taskbus.protocol.ChunkRequest;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.ErrorInfo;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.JsonValues;
import io.taskbus.protocol.ProtocolException;
import io.taskbus.protocol.WorkerInfo;
import io.taskbus.task.builtin.BuiltinTasks;
import io.taskbus.task.impl.ChunkRunner;
import io.taskbus.task.impl.TaskTable;
import io.taskbus.task.impl.TimerWatchdog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker: consumes chunks on the task address and on its own address, checks each message's
 * token and permission before it decodes anything else, runs the items off the event loop on
 * its own threads, and replies with the results in order. It announces itself (slots, tasks)
 * so clients can send it chunks within its credits. Stopping takes no new chunks and finishes
 * the ones it holds.
 */
public final class WorkerVerticle extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(WorkerVerticle.class.getName());
  /**
   * After announcing that it leaves, a worker still takes the chunks clients sent before they
   * heard it, for this long; then it refuses new ones and finishes those it holds.
   */
  private static final long LEAVING_GRACE_MS = 500;
  /** The largest chunk or reply a worker takes or sends, unless its conf says otherwise. */
  static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
  /** Jobs whose owner a worker remembers; the oldest are forgotten first. */
  private static final int MAX_JOBS_REMEMBERED = 100_000;
  /** How long a cancelled job's id is kept, for chunks of it still queued. */
  private static final long CANCEL_MEMORY_MS = 10 * 60_000;

  private final String workerId = UUID.randomUUID().toString();
  private final Set<String> cancelledJobs = ConcurrentHashMap.newKeySet();
  /** Who sent each of the latest jobs seen: only that user may send or cancel its chunks. */
  private final Map<String, String> jobOwners = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_JOBS_REMEMBERED;
        }
      });
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private NodeSettings settings;
  private TokenService tokens;
  private TaskTable tasks;
  private ChunkRunner runner;
  private WorkerExecutor executor;
  private String nodeId;
  private int slots;
  private int maxMessageBytes;
  private long announcer;
  private long announceIntervalMs;
  private int inFlight;
  private boolean stopping;
  private boolean graceOver;
  private Promise<Void> drained;

  @Override
  public Future<?> start() {
    settings = new NodeSettings(config());
    tokens = TokenService.create(vertx, settings.secret());
    tasks = loadTasks(settings.worker());
    nodeId = NodeIds.of(vertx);
    slots = settings.worker().getInteger("poolSize", 0) > 0
        ? settings.worker().getInteger("poolSize") : Runtime.getRuntime().availableProcessors();
    executor = vertx.createSharedWorkerExecutor("taskbus-worker-" + workerId, slots);
    maxMessageBytes = settings.worker().getInteger("maxMessageBytes", DEFAULT_MAX_MESSAGE_BYTES);
    runner = new ChunkRunner(tasks, workerId, new TimerWatchdog(vertx), JsonValues::toWire);
    String address = settings.address();
    consume(address, this::onChunk);
    consume(Addresses.worker(address, workerId), this::onChunk);
    consume(Addresses.discovery(address), msg -> announce());
    consume(Addresses.cancellations(address), this::onCancel);
    announceIntervalMs = settings.worker().getLong("announceIntervalMs", 1000L);
    announcer = vertx.setPeriodic(announceIntervalMs, t -> announce());
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .onSuccess(v -> announce());
  }

  /** Announces that it leaves, finishes every chunk it took, then stops consuming. */
  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(announcer);
    announce();
    drained = Promise.promise();
    vertx.setTimer(LEAVING_GRACE_MS, t -> {
      graceOver = true;
      if (inFlight == 0) {
        drained.tryComplete();
      }
    });
    return drained.future()
        .compose(v -> Future.all(consumers.stream().map(MessageConsumer::unregister).toList()))
        .eventually(() -> executor.close());
  }

  /** This worker's id (its direct address ends with it). */
  public String workerId() {
    return workerId;
  }

  private static TaskTable loadTasks(JsonObject worker) {
    TaskTable table = new TaskTable();
    if (worker.getBoolean("builtinTasks", true)) {
      new BuiltinTasks().register(table);
    }
    return table.loadProviders(WorkerVerticle.class.getClassLoader());
  }

  private <T> void consume(String address, io.vertx.core.Handler<Message<T>> handler) {
    consumers.add(vertx.eventBus().consumer(address, handler));
  }

  private void onChunk(Message<Object> msg) {
    String task = msg.headers().get(Headers.TASK);
    if (task == null || task.isBlank()) {
      fail(msg, ErrorInfo.of(ErrorCode.BAD_REQUEST, "missing the task header"));
      return;
    }
    tokens.verify(msg.headers().get(Headers.AUTHORIZATION), task).onComplete(checked -> {
      if (checked.failed()) {
        fail(msg, infoOf(checked.cause()));
      } else {
        accept(msg, task, checked.result().user());
      }
    });
  }

  private void accept(Message<Object> msg, String task, String user) {
    if (graceOver) {
      fail(msg, ErrorInfo.of(ErrorCode.UNAVAILABLE, "worker is shutting down"));
      return;
    }
    if (!runner.serves(task)) {
      fail(msg, ErrorInfo.of(ErrorCode.UNKNOWN_TASK, "unknown task '" + task + "'"));
      return;
    }
    Object body;
    try {
      body = msg.body();
    } catch (RuntimeException e) { // a JSON object body that does not even decode
      fail(msg, ErrorInfo.of(ErrorCode.BAD_REQUEST, "undecodable body: " + e.getMessage()));
      return;
    }
    inFlight++;
    // parsing, running and encoding happen off the event loop: a chunk may be megabytes
    executor.executeBlocking(() -> runChunk(body, task, user), false).onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(ar.result());
      } else {
        fail(msg, infoOf(ar.cause()));
      }
      inFlight--;
      if (graceOver && inFlight == 0) {
        drained.tryComplete();
      }
    });
  }

  /** On a worker thread: the chunk's body to its encoded reply, or a ProtocolException. */
  private Buffer runChunk(Object body, String task, String user) {
    ChunkRequest request = parse(body, task);
    String owner = jobOwners.computeIfAbsent(request.job(), job -> user);
    if (!owner.equals(user)) {
      throw new ProtocolException(ErrorCode.FORBIDDEN, "job " + request.job()
          + " is another user's");
    }
    ChunkRunner.Outcome outcome = runner.run(request.job(), task, request.first(),
        argumentsOf(request.args()), request.timeoutMs(),
        () -> cancelledJobs.contains(request.job()));
    Buffer reply = toReply(outcome).toJson().toBuffer();
    if (reply.length() > maxMessageBytes) {
      throw new ProtocolException(ErrorCode.TOO_LARGE, "the results of items " + request.first()
          + ".." + (request.first() + request.args().size() - 1) + " encode to "
          + reply.length() + " bytes, over this worker's maxMessageBytes of " + maxMessageBytes);
    }
    return reply;
  }

  /** A body of JSON text is size-checked before it is parsed; a JSON object came decoded. */
  private ChunkRequest parse(Object body, String task) {
    if (body instanceof Buffer text && text.length() > maxMessageBytes) {
      throw new ProtocolException(ErrorCode.TOO_LARGE, "a chunk of " + text.length()
          + " bytes is over this worker's maxMessageBytes of " + maxMessageBytes);
    }
    Object json;
    try {
      json = body instanceof Buffer text ? new JsonObject(text) : body;
    } catch (RuntimeException e) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "undecodable body: " + e.getMessage());
    }
    return ChunkRequest.fromJson(json, task);
  }

  private void onCancel(Message<Object> msg) {
    if (!(msg.body() instanceof JsonObject body) || !(body.getValue("job") instanceof String job)) {
      return;
    }
    tokens.verify(msg.headers().get(Headers.AUTHORIZATION), null).onSuccess(token -> {
      String owner = jobOwners.get(job);
      if ((owner == null || owner.equals(token.user())) && cancelledJobs.add(job)) {
        vertx.setTimer(CANCEL_MEMORY_MS, t -> cancelledJobs.remove(job));
      }
    });
  }



  private void announce() {
    WorkerInfo info = new WorkerInfo(workerId, nodeId,
        Addresses.worker(settings.address(), workerId), slots, List.copyOf(tasks.names()),
        stopping, announceIntervalMs);
    vertx.eventBus().publish(Addresses.announcements(settings.address()), info.toJson());
  }

  private ChunkReply toReply(ChunkRunner.Outcome outcome) {
    JsonArray logs = new JsonArray();
    outcome.logs().forEach(l -> logs.add(new JsonArray().add(l.index()).add(l.line())));
    return new ChunkReply(new JsonArray(outcome.results()), logs, workerId, outcome.micros());
  }

  private static List<List<Object>> argumentsOf(JsonArray args) {
    List<List<Object>> items = new ArrayList<>(args.size());
    for (int i = 0; i < args.size(); i++) {
      JsonArray item = args.getJsonArray(i);
      List<Object> values = new ArrayList<>(item.size());
      for (int j = 0; j < item.size(); j++) {
        values.add(item.getValue(j));
      }
      items.add(values);
    }
    return items;
  }

  private ErrorInfo infoOf(Throwable error) {
    if (error instanceof ProtocolException p) {
      return p.info();
    }
    LOG.log(System.Logger.Level.ERROR, "worker " + workerId + " failed a chunk", error);
    return ErrorInfo.of(ErrorCode.TASK_FAILED, -1, null, error);
  }

  private void fail(Message<Object> msg, ErrorInfo info) {
    msg.fail(info.code().toInt(), info.withWorker(workerId).toJson().encode());
  }
}
