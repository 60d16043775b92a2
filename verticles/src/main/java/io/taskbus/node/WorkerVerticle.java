package io.taskbus.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskbus.auth.Announcements;
import io.taskbus.auth.IssuedToken;
import io.taskbus.auth.TokenService;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ChunkRequest;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.ErrorInfo;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.JsonValues;
import io.taskbus.protocol.MessageBodies;
import io.taskbus.protocol.ProtocolException;
import io.taskbus.protocol.WireCodec;
import io.taskbus.protocol.WorkerInfo;
import io.taskbus.shared.SharedState;
import io.taskbus.task.builtin.BuiltinTasks;
import io.taskbus.task.impl.ChunkRunner;
import io.taskbus.task.impl.DeadlineSweeper;
import io.taskbus.task.impl.KnownJobs;
import io.taskbus.task.impl.TaskTable;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A worker: consumes chunks on its own address, checks each message's token, its session's MAC
 * and its permission before it decodes anything else, runs the items off the event loop on
 * its own threads, and replies with the results in order. It announces itself (slots, capacity,
 * tasks), signed, so clients can send it chunks within the room it grants them; every answer it
 * sends about a chunk is signed for the chunk's session. Stopping takes no new
 * chunks, finishes the ones it holds and keeps announcing (as leaving) until they are answered.
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
  /** Chunks a worker holds per slot (one running, the rest queued), unless its conf says so. */
  static final int DEFAULT_PREFETCH = 2;
  /** The largest cancel message a worker reads. */
  private static final int MAX_CONTROL_BYTES = 64 * 1024;
  /**
   * The longest an item runs on a worker's threads, unless its conf says otherwise (0: no limit):
   * a chunk asking for more, or for no limit, gets this one, so no sender holds a thread forever.
   */
  static final long DEFAULT_MAX_TASK_TIME_MS = 10 * 60_000;
  /**
   * A worker answers discovers with at most one announcement this often, whoever sends them and
   * however many: a flood of discovers cannot make the workers flood the bus.
   */
  static final long DISCOVER_ANSWER_MS = 200;
  /** How often a worker publishes the spans of the chunks it ran since the last batch. */
  static final long STREAM_INTERVAL_MS = 1_000;

  private final String workerId = UUID.randomUUID().toString();
  /** Who sent each of the latest jobs seen, and which were cancelled. */
  private final KnownJobs jobs = new KnownJobs(KnownJobs.DEFAULT_CAPACITY);
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final Set<ChunkCall> calls = new HashSet<>();
  private NodeSettings settings;
  private TokenService tokens;
  private Announcements.Signer signer;
  private SessionGuard guard;
  private TaskTable tasks;
  private DeadlineSweeper deadlines;
  private ChunkRunner runner;
  private WorkerExecutor executor;
  private Admission admission;
  private final InlineRuns inline = new InlineRuns();
  /** Told of every chunk: the metrics, live stats and task stream listen here. */
  private WorkerListener listener = WorkerListener.NONE;
  private WorkerSlots workerSlots;
  private final WorkerStats stats = new WorkerStats();
  private final TaskStream stream = new TaskStream();
  private long startedAt;
  private long streamer;
  private WorkerMeters meters;
  private Context context;
  private String nodeId;
  private int slots;
  private int capacity;
  private int maxMessageBytes;
  private long announcer;
  private long keepalives;
  private long announceIntervalMs;
  private long maxTaskTimeMs;
  /** When a discover was last answered, and the timer of the one answer due, or -1. */
  private long discoverAnsweredAt;
  private long discoverAnswer = -1;
  private boolean stopping;
  private boolean graceOver;
  private Promise<Void> drained;
  /** A listener a test adds to the worker's own. */
  private final WorkerListener extra;

  public WorkerVerticle() {
    this(WorkerListener.NONE);
  }

  WorkerVerticle(WorkerListener extra) {
    this.extra = extra;
  }

  @Override
  public Future<?> start() {
    settings = new NodeSettings(config());
    context = vertx.getOrCreateContext();
    tokens = TokenService.create(vertx, settings.tokenKeys(), System::currentTimeMillis);
    signer = tokens.keys().announcementSigner();
    guard = new SessionGuard(System::currentTimeMillis);
    tasks = loadTasks(settings.worker());
    nodeId = NodeIds.of(vertx);
    JsonObject worker = settings.worker();
    slots = worker.getInteger("poolSize", 0) > 0 ? worker.getInteger("poolSize")
        : Runtime.getRuntime().availableProcessors();
    capacity = slots * Math.max(1, worker.getInteger("prefetch", DEFAULT_PREFETCH));
    admission = new Admission(capacity, System::nanoTime);
    workerSlots = new WorkerSlots(slots);
    MeterRegistry registry = NodeMetrics.registry(vertx);
    meters = registry == null ? null : new WorkerMeters(registry).gauges(workerId, slots, stats);
    listener = WorkerListener.of(stats, stream, meters, extra);
    startedAt = System.currentTimeMillis();
    executor = vertx.createSharedWorkerExecutor("taskbus-worker-" + workerId, slots);
    maxMessageBytes = worker.getInteger("maxMessageBytes", DEFAULT_MAX_MESSAGE_BYTES);
    maxTaskTimeMs = worker.getLong("maxTaskTimeMs", DEFAULT_MAX_TASK_TIME_MS);
    deadlines = new DeadlineSweeper(vertx);
    // logs take at most a quarter of a reply, so they always fit beside some results; shared
    // state is this node's SharedData: cluster-wide, and open to any member (issue 9)
    runner = new ChunkRunner(tasks, workerId, deadlines, JsonValues::toWire, maxMessageBytes / 4,
        SharedState.create(vertx));
    String address = settings.address();
    // chunks come to this worker's own address only: a chunk's MAC names it, so a chunk caught
    // is good at no other worker (on the shared task address, every worker would take it once)
    consume(Addresses.worker(address, workerId), this::onChunk);
    discoverAnsweredAt = System.nanoTime() - DISCOVER_ANSWER_MS * 1_000_000;
    consume(Addresses.discovery(address), msg -> onDiscover()); // its body is never read
    consume(Addresses.cancellations(address), this::onCancel);
    announceIntervalMs = worker.getLong("announceIntervalMs", 1000L);
    announcer = vertx.setPeriodic(announceIntervalMs, t -> announce());
    keepalives = vertx.setPeriodic(ChunkRequest.KEEPALIVE_MS / 4, t -> keepAlive());
    streamer = vertx.setPeriodic(STREAM_INTERVAL_MS, t -> publishStream());
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .onSuccess(v -> announce());
  }

  /**
   * Announces that it leaves and goes on announcing so, finishes every chunk it took and
   * answers them, then stops consuming.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    announce();
    drained = Promise.promise();
    vertx.setTimer(LEAVING_GRACE_MS, t -> {
      graceOver = true;
      drainedIfIdle();
    });
    return drained.future()
        .compose(v -> Future.all(consumers.stream().map(MessageConsumer::unregister).toList()))
        .eventually(() -> {
          vertx.cancelTimer(announcer);
          vertx.cancelTimer(keepalives);
          vertx.cancelTimer(streamer);
          vertx.cancelTimer(discoverAnswer);
          deadlines.close();
          if (meters != null) {
            meters.close();
          }
          return executor.close();
        });
  }

  /** This worker's id (its direct address ends with it). */
  public String workerId() {
    return workerId;
  }

  /** Chunks held now (running and queued), and the most ever held at once. */
  int held() {
    return admission.held();
  }

  int peakHeld() {
    return admission.peak();
  }

  private static TaskTable loadTasks(JsonObject worker) {
    TaskTable table = new TaskTable();
    if (worker.getBoolean("builtinTasks", true)) {
      new BuiltinTasks().register(table);
    }
    // a benchmark's slower machine: every item takes this many times its CPU time
    return table.loadProviders(WorkerVerticle.class.getClassLoader())
        .slowedDown(worker.getDouble("slowdown", 1.0));
  }

  private <T> void consume(String address, io.vertx.core.Handler<Message<T>> handler) {
    consumers.add(vertx.eventBus().consumer(address, handler));
  }

  /**
   * A chunk is checked before anything is decoded: the token's signature, the body's type and
   * size, then the session's MAC over what it asks; once that holds, every answer is signed.
   */
  private void onChunk(Message<Object> msg) {
    String task = msg.headers().get(Headers.TASK);
    if (task == null || task.isBlank()) {
      fail(msg, task, ErrorInfo.of(ErrorCode.BAD_REQUEST, "missing the task header"));
      return;
    }
    tokenOf(msg).onComplete(checked -> {
      if (checked.failed()) {
        fail(msg, task, infoOf(checked.cause()));
        return;
      }
      String pool = String.valueOf(msg.headers().get(Headers.POOL));
      SessionGuard.Caller caller;
      Buffer body;
      try {
        body = chunkBody(msg);
        caller = guard.chunk(checked.result(), msg.headers(), msg.address(), task, pool, body);
      } catch (ProtocolException e) { // not proved to come from the token's session
        fail(msg, task, e.info());
        return;
      }
      try {
        tokens.check(checked.result(), task);
        accept(msg, task, caller, pool, body);
      } catch (RuntimeException e) { // a message never kills a worker, and is always answered
        fail(msg, task, caller, infoOf(e));
      }
    });
  }

  /**
   * The token a chunk carries, or the one this worker holds for the session it names: a token
   * is sent to a worker only until the worker has answered one of its session's chunks.
   */
  private Future<IssuedToken> tokenOf(Message<Object> msg) {
    String bearer = msg.headers().get(Headers.AUTHORIZATION);
    if (bearer != null || msg.headers().get(Headers.SESSION) == null) {
      return tokens.authenticate(bearer);
    }
    try {
      return Future.succeededFuture(guard.tokenOf(msg.headers().get(Headers.SESSION)));
    } catch (ProtocolException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * The chunk's bytes, of at most twice the worker's limit: enough to prove who sent a chunk
   * too large for this worker, so that the pool believes it and splits it.
   */
  private Buffer chunkBody(Message<Object> msg) {
    Object body;
    try {
      body = MessageBodies.read(msg, 2L * maxMessageBytes); // type and size, before decoding
    } catch (ProtocolException e) {
      throw e.info().code() == ErrorCode.TOO_LARGE ? tooLarge(e.getMessage()) : e;
    }
    if (!(body instanceof Buffer bytes)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "a chunk is sent as its encoded bytes");
    }
    return bytes;
  }

  private ProtocolException tooLarge(String message) {
    return new ProtocolException(ErrorCode.TOO_LARGE, message
        + " (this worker's maxMessageBytes is " + maxMessageBytes + ")");
  }

  private void accept(Message<Object> msg, String task, SessionGuard.Caller caller, String pool,
      Buffer body) {
    if (graceOver) {
      fail(msg, task, caller, ErrorInfo.of(ErrorCode.UNAVAILABLE, "worker is shutting down"));
      return;
    }
    if (!runner.serves(task)) {
      fail(msg, task, caller, ErrorInfo.of(ErrorCode.UNKNOWN_TASK, "unknown task '" + task
          + "'"));
      return;
    }
    if (body.length() > maxMessageBytes) {
      throw tooLarge("the chunk is " + body.length() + " bytes");
    }
    String user = caller.user();
    if (!admission.tryAdmit(user, pool)) {
      fail(msg, task, caller, ErrorInfo.of(ErrorCode.BUSY, "worker holds all the chunks it can"
          + " take from this pool now"));
      return;
    }
    ChunkCall call = new ChunkCall(msg, caller, () -> admission.limit(user, pool),
        System::nanoTime, this::callOver);
    calls.add(call);
    ChunkRun run = new ChunkRun(task, user);
    listener.chunkTaken(run);
    WireCodec codec = WireCodec.of(body);
    if (inline.mayDecodeInline(task, body)) {
      runInline(codec, body, run, pool, call);
      return;
    }
    // parsing, running and encoding happen off the event loop: a chunk may be megabytes
    executor.executeBlocking(() -> runOffLoop(codec, () -> decode(codec, body, run.task()), run,
        call), false)
        .onComplete(ar -> finish(run, pool, call, ar));
  }

  /** A small chunk of a task proved fast: no thread switch, unless it holds more than that. */
  private void runInline(WireCodec codec, Buffer body, ChunkRun run, String pool,
      ChunkCall call) {
    Future<Ran> ran;
    try {
      WireCodec.DecodedChunk chunk = decode(codec, body, run.task());
      if (!InlineRuns.mayRunInline(chunk.items().size(), chunk.timeoutMs())) {
        executor.executeBlocking(() -> runOffLoop(codec, () -> chunk, run, call), false)
            .onComplete(ar -> finish(run, pool, call, ar));
        return;
      }
      run.start(ChunkRun.EVENT_LOOP, System.currentTimeMillis(), System.nanoTime());
      listener.chunkStarted(run);
      // no deadline is armed on the event loop: it must never be interrupted
      ran = Future.succeededFuture(runChunk(codec, chunk, run, call, 0));
    } catch (RuntimeException e) {
      ran = Future.failedFuture(e);
    }
    finish(run, pool, call, ran);
  }

  private void finish(ChunkRun run, String pool, ChunkCall call, AsyncResult<Ran> ar) {
    String task = run.task();
    admission.release(run.user(), pool);
    if (ar.succeeded()) {
      Ran ran = ar.result();
      run.ran(System.currentTimeMillis(), ran.micros());
      listener.chunkEnded(run);
      inline.ran(task, ran.items(), ran.micros());
      if (ran.usedSharedState()) {
        inline.never(task);
      }
      call.finish(ran.reply());
    } else {
      ErrorInfo info = infoOf(ar.cause());
      run.failed(info.code(), System.currentTimeMillis(), System.nanoTime());
      listener.chunkEnded(run);
      inline.failed(task);
      call.fail(info.withWorker(workerId));
    }
  }

  /** A chunk's reply in parts, how long its items took, and whether they used shared state. */
  private record Ran(List<Buffer> reply, int items, long micros, boolean usedSharedState) {
  }

  private static WireCodec.DecodedChunk decode(WireCodec codec, Buffer body, String task) {
    return codec.decodeRequest(body, task);
  }

  /**
   * The chunk's reply, run on a worker thread under its time limit, capped by the worker's;
   * {@code decoded} decodes the chunk there, or hands over what the event loop decoded already.
   * The chunk holds a slot while its thread works on it.
   */
  private Ran runOffLoop(WireCodec codec, Supplier<WireCodec.DecodedChunk> decoded,
      ChunkRun run, ChunkCall call) {
    int slot = workerSlots.take();
    try {
      run.start(slot, System.currentTimeMillis(), System.nanoTime());
      listener.chunkStarted(run);
      WireCodec.DecodedChunk chunk = decoded.get();
      return runChunk(codec, chunk, run, call, timeLimit(chunk.timeoutMs(), maxTaskTimeMs));
    } finally {
      workerSlots.release(slot);
    }
  }

  /** An item's time limit: the chunk's, at most the worker's maximum ({@code 0}: none). */
  static long timeLimit(long asked, long max) {
    if (max <= 0) {
      return asked;
    }
    return asked <= 0 ? max : Math.min(asked, max);
  }

  /**
   * The chunk's reply, in the codec it came in, or a ProtocolException; on a worker thread, or
   * on the event loop for a chunk that {@link InlineRuns} lets run there.
   */
  private Ran runChunk(WireCodec codec, WireCodec.DecodedChunk chunk, ChunkRun run,
      ChunkCall call, long timeoutMs) {
    String task = chunk.task();
    run.decoded(chunk.job(), chunk.items().size());
    KnownJobs.Entry job = jobs.claim(chunk.job(), run.user());
    ChunkRunner.Outcome outcome;
    try {
      outcome = runner.run(chunk.job(), task, chunk.first(), chunk.items(), timeoutMs,
          () -> job.cancelled() || call.abandoned(),
          index -> stuck(call, task, index, timeoutMs));
    } finally {
      jobs.done(job); // its entry may be forgotten again
    }
    return new Ran(codec.encodeReply(outcome.results(), outcome.logs(), workerId,
        outcome.micros(), chunk.first(), maxMessageBytes), chunk.items().size(),
        outcome.micros(), outcome.usedSharedState());
  }

  /** An item ignores its expiry: its chunk is answered now, its thread left to end alone. */
  private void stuck(ChunkCall call, String task, long index, long timeoutMs) {
    LOG.log(System.Logger.Level.WARNING, "item {0} of task ''{1}'' ignores its time limit and"
        + " its interrupt: one of worker {2}''s threads is held until it returns", index, task,
        workerId);
    context.runOnContext(v -> {
      call.fail(new ErrorInfo(ErrorCode.TIMEOUT, index, task,
          "java.util.concurrent.TimeoutException", "item " + index + " of task '" + task
          + "' exceeded its time limit of " + timeoutMs + " ms and did not stop", null, null,
          workerId));
    });
  }

  private void keepAlive() {
    for (ChunkCall call : List.copyOf(calls)) {
      try {
        call.keepaliveIfDue();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a keepalive failed", e);
      }
    }
  }

  private void callOver(ChunkCall call) {
    calls.remove(call);
    drainedIfIdle();
  }

  /**
   * Drained once every chunk taken is answered (or abandoned by its pool); a thread still held
   * by an item that ignores its time limit does not keep the worker from leaving.
   */
  private void drainedIfIdle() {
    if (graceOver && calls.isEmpty()) {
      drained.tryComplete();
    }
  }

  /** A cancel counts only when its session proves it: it cancels that user's job alone. */
  private void onCancel(Message<Object> msg) {
    JsonObject body;
    try {
      body = MessageBodies.readObject(msg, MAX_CONTROL_BYTES);
    } catch (ProtocolException e) {
      return;
    }
    if (body.getValue("job") instanceof String job) {
      tokens.authenticate(msg.headers().get(Headers.AUTHORIZATION)).onSuccess(token -> {
        try {
          SessionGuard.Caller caller = guard.cancel(token, msg.headers(), msg.address(), job);
          jobs.cancel(job, caller.user());
        } catch (ProtocolException e) {
          // not its session's: a forged or played-back cancel changes nothing
        }
      });
    }
  }

  /** Answers a discover now, or once when the last answer is {@link #DISCOVER_ANSWER_MS} old. */
  private void onDiscover() {
    if (discoverAnswer >= 0) {
      return; // one answer is due already: it answers this discover too
    }
    long waitMs = (discoverAnsweredAt - System.nanoTime()) / 1_000_000 + DISCOVER_ANSWER_MS;
    if (waitMs <= 0) {
      answerDiscover();
    } else {
      discoverAnswer = vertx.setTimer(waitMs, t -> {
        discoverAnswer = -1;
        answerDiscover();
      });
    }
  }

  private void answerDiscover() {
    discoverAnsweredAt = System.nanoTime();
    announce();
  }

  /**
   * Signed, so that clients believe only workers: they hold the key's public half alone. An
   * Ed25519 signature takes a fraction of a millisecond, so it is made off the event loop, in
   * order, and no chunk waits behind it.
   */
  private void announce() {
    stats.sessions(guard.size());
    boolean leaving = stopping;
    int busy = stats.busy();
    int queued = stats.queued();
    List<String> names = List.copyOf(tasks.names());
    long now = System.currentTimeMillis();
    vertx.executeBlocking(() -> {
      MemoryUsage heap = JvmLoad.heap(); // the load and heap are read off the event loop too
      WorkerInfo info = new WorkerInfo(workerId, nodeId,
          Addresses.worker(settings.address(), workerId), slots, capacity,
          names, leaving, announceIntervalMs, busy, queued,
          stats.served(), stats.items(), JvmLoad.cpu(), heap.getUsed(), heap.getMax(),
          startedAt);
      return signer.sign(info, now);
    }, true).onSuccess(signed ->
        vertx.eventBus().publish(Addresses.announcements(settings.address()), signed));
  }

  /** The spans of the chunks run since the last batch, signed as announcements are. */
  private void publishStream() {
    TaskStream.Taken taken = stream.take();
    if (taken == null) {
      return;
    }
    long now = System.currentTimeMillis();
    vertx.executeBlocking(() -> signer.signStream(TaskStream.batch(workerId, nodeId, slots,
        taken), now), true).onSuccess(signed ->
        vertx.eventBus().publish(Addresses.stream(settings.address()), signed));
  }

  private ErrorInfo infoOf(Throwable error) {
    if (error instanceof ProtocolException p) {
      return p.info();
    }
    LOG.log(System.Logger.Level.ERROR, "worker " + workerId + " failed a chunk", error);
    return ErrorInfo.of(ErrorCode.TASK_FAILED, -1, null, error);
  }

  /**
   * A chunk refused before the sender is proved: it cannot be signed, and the pool knows it.
   */
  private void fail(Message<Object> msg, String task, ErrorInfo info) {
    listener.chunkRefused(task, info.code());
    msg.fail(info.code().toInt(), info.withWorker(workerId).toJson().encode());
  }

  /** A proved chunk refused, as the first answer: signed for its session. */
  private void fail(Message<Object> msg, String task, SessionGuard.Caller caller,
      ErrorInfo info) {
    listener.chunkRefused(task, info.code());
    ErrorInfo mine = info.withWorker(workerId);
    msg.fail(mine.code().toInt(), caller.failure(0, mine));
  }
}
