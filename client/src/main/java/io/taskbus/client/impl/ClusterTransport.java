package io.taskbus.client.impl;

import io.taskbus.auth.MessageAuth;
import io.taskbus.client.PoolOptions;
import io.taskbus.protocol.LogLine;
import io.taskbus.client.TaskPoolException;
import io.taskbus.protocol.Addresses;
import io.taskbus.protocol.ChunkRequest;
import io.taskbus.protocol.WireCodec;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.MessageBodies;
import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends chunks to named workers within the room each worker grants this pool, so it always
 * knows which worker holds which chunk: when a worker vanishes, its chunks fail at once as
 * retryable instead of waiting for a timeout.
 *
 * <p>A chunk is a conversation with its worker, each leg answered before the next is sent and
 * each bounded by {@link ChunkRequest#LEG_TIMEOUT_MS}: the worker answers with the results (in several
 * parts when they do not fit one message), or, while the chunk is still queued or running,
 * with a keepalive every {@code ChunkRequest.KEEPALIVE_MS}. So no deadline counts a chunk's
 * time in a worker's queue, and nothing outlives its chunk for long. Every reply says how many
 * chunks this pool may hold at that worker ({@link Headers#LIMIT}); a full worker refuses with
 * {@link ErrorCode#BUSY}, which costs the chunk no attempt. Runs on the pool's context.
 */
final class ClusterTransport extends ChunkTransport implements WorkerDirectory.Listener {

  /** A worker that said it is full is asked again after this, doubling up to a second. */
  static final long FIRST_BUSY_BACKOFF_MS = 20;
  static final long MAX_BUSY_BACKOFF_MS = 1_000;
  private static final Buffer NEXT = new JsonObject().toBuffer();
  private static final Buffer STOP = new JsonObject().put("stop", true).toBuffer();

  private final EventBus bus;
  private final Scheduler scheduler;
  private final WorkerDirectory directory;
  private final SessionToken session;
  private final String address;
  private final String poolId;
  private final int prefetch;
  private final int maxMessageBytes;
  private final WireCodec codec;
  private final Map<String, Room> rooms = new HashMap<>();
  /** The available workers that serve each task, until the workers change. */
  private final Map<String, List<WorkerInfo>> serving = new HashMap<>();
  private final Set<Long> timers = new HashSet<>();

  /** What this pool holds at one worker, and how much the worker lets it hold. */
  private static final class Room {
    final Set<Call> calls = new HashSet<>();
    int limit;
    long busyUntil;
    int busyStreak;
    boolean leaving;
    /**
     * The token this worker is known to hold (it signed an answer to a chunk that carried it):
     * later chunks name the session instead. Null until then, and after it forgot the session.
     */
    String tokenHeld;

    Room(int limit) {
      this.limit = limit;
    }
  }

  /** One chunk's conversation with one worker; it holds none of the chunk's items. */
  private static final class Call {
    final String task;
    final int attempt;
    final WorkerInfo worker;
    final String bearer;
    /** Whether the chunk carried the token, or named the session only. */
    final boolean carriedToken;
    /** The session's MACs, and the chunk's number in it: every answer is signed with them. */
    final MessageAuth auth;
    final long seq;
    /** Answers heard so far: the worker numbers its answers alike. */
    int answers;
    final Promise<ChunkResult> promise = Promise.promise();
    /** The reply's results: the first part's list as decoded, copied only if more follow. */
    List<Object> results = List.of();
    List<LogLine> logs = List.of();
    long micros;
    long bytes;

    Call(ChunkSpec chunk, WorkerInfo worker, SessionToken.Credentials credentials, long seq,
        boolean carriedToken) {
      this.task = chunk.task();
      this.attempt = chunk.attempt();
      this.worker = worker;
      this.bearer = credentials.bearer();
      this.carriedToken = carriedToken;
      this.auth = credentials.auth();
      this.seq = seq;
    }
  }

  ClusterTransport(EventBus bus, Scheduler scheduler, WorkerDirectory directory,
      SessionToken session, String poolId, PoolOptions options) {
    this.bus = bus;
    this.scheduler = scheduler;
    this.directory = directory;
    this.session = session;
    this.poolId = poolId;
    this.address = options.getAddress();
    this.prefetch = options.getPrefetch();
    this.maxMessageBytes = options.getMaxMessageBytes();
    this.codec = WireCodec.named(options.getCodec());
    directory.addListener(this);
    session.addListener(this::fireChanged);
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
    return session.valid() && roomiest(task) != null;
  }

  @Override
  public Future<ChunkResult> send(ChunkSpec chunk) {
    sentTo = null;
    WorkerInfo worker = roomiest(chunk.task());
    if (worker == null || !session.valid()) {
      return Future.failedFuture(new Refused("no worker has room"));
    }
    // sent as a buffer: its size is known before sending, and the worker can check it
    // before it decodes anything
    @SuppressWarnings("unchecked") // a cluster pool prepares each item as its argument list
    List<? extends List<?>> items = (List<? extends List<?>>) chunk.args();
    Buffer body = codec.encodeRequest(chunk.task(), chunk.job(), chunk.first(), items,
        chunk.timeoutMs());
    if (body.length() > maxMessageBytes) {
      return Future.failedFuture(new MessageTooLarge("the chunk encodes to " + body.length()
          + " bytes, over the pool's maxMessageBytes of " + maxMessageBytes));
    }
    SessionToken.Credentials credentials = session.credentials();
    long seq = session.nextSeq();
    long now = scheduler.currentTimeMillis();
    Room room = room(worker);
    boolean withToken = !credentials.bearer().equals(room.tokenHeld);
    Call call = new Call(chunk, worker, credentials, seq, withToken);
    call.bytes = body.length();
    room.calls.add(call);
    sentTo = worker.worker();
    DeliveryOptions options = legOptions().addHeader(Headers.TASK, chunk.task())
        .addHeader(Headers.POOL, poolId);
    if (withToken) {
      options.addHeader(Headers.AUTHORIZATION, call.bearer);
    } else {
      options.addHeader(Headers.SESSION, credentials.sessionId());
    }
    // the MAC binds the chunk to this worker, task, pool, number and time: caught, it is good
    // for nothing else
    bus.<Object>request(worker.address(), body, signed(options, seq, now,
            credentials.auth().chunk(worker.address(), chunk.task(), poolId, seq, now, body)))
        .onComplete(ar -> onLeg(call, ar));
    return call.promise.future();
  }

  @Override
  public void cancel(String job) {
    SessionToken.Credentials credentials = session.credentials();
    long seq = session.nextSeq();
    long now = scheduler.currentTimeMillis();
    String to = Addresses.cancellations(address);
    // published to every worker, some of which may not hold the session: always the token
    bus.publish(to, new JsonObject().put("job", job), signed(new DeliveryOptions()
        .addHeader(Headers.AUTHORIZATION, credentials.bearer()), seq, now,
        credentials.auth().cancel(to, job, seq, now)));
  }

  private static DeliveryOptions signed(DeliveryOptions options, long seq, long now,
      String mac) {
    return options.addHeader(Headers.SEQ, Long.toString(seq))
        .addHeader(Headers.TIME, Long.toString(now)).addHeader(Headers.MAC, mac);
  }

  @Override
  public String describe() {
    return "'" + address + "'";
  }

  @Override
  public void changed() {
    serving.clear();
    fireChanged();
  }

  @Override
  public void lost(String worker) {
    serving.clear();
    Room room = rooms.remove(worker);
    if (room != null) {
      for (Call call : new ArrayList<>(room.calls)) {
        call.promise.tryFail(new RetryableFailure("worker " + worker + " was lost"));
      }
    }
  }

  /** Cancels the transport's timers and ends every chunk's conversation. */
  void close() {
    timers.forEach(scheduler::cancelTimer);
    timers.clear();
    for (Room room : List.copyOf(rooms.values())) {
      for (Call call : List.copyOf(room.calls)) {
        call.promise.tryFail(new TaskPoolException("the pool was closed"));
      }
    }
    rooms.clear();
  }

  private void onLeg(Call call, AsyncResult<Message<Object>> ar) {
    if (ar.failed()) {
      end(call, ar.cause());
      return;
    }
    Message<Object> reply = ar.result();
    if (call.promise.future().isComplete()) { // given up on: a late answer
      stop(reply);
      return;
    }
    Buffer body = signedBody(call, reply);
    if (body == null) {
      stop(reply);
      end(call, unverified(call, "an answer"));
      return;
    }
    holdsToken(call);
    try {
      onReply(call, reply, body);
    } catch (RuntimeException e) { // a reply no worker of ours sends
      stop(reply);
      end(call, new TaskPoolException("worker " + call.worker.worker() + " sent a reply this"
          + " pool cannot read: " + e.getMessage()));
    }
  }

  /** The answer's body when the chunk's worker signed it as its next answer, else null. */
  private Buffer signedBody(Call call, Message<Object> reply) {
    Object body;
    try {
      body = MessageBodies.read(reply, maxMessageBytes);
    } catch (RuntimeException e) {
      return null;
    }
    String limit = reply.headers().get(Headers.LIMIT);
    return body instanceof Buffer bytes && MessageAuth.matches(call.auth.reply(call.seq,
        call.answers++, limit, bytes), reply.headers().get(Headers.MAC)) ? bytes : null;
  }

  /**
   * An answer not signed as the chunk's worker's: ignored; the chunk goes again, first to
   * other workers (this one's room is closed a while, as for a full worker).
   */
  private Unverified unverified(Call call, String what) {
    Room room = rooms.get(call.worker.worker());
    if (room != null) {
      busy(call.worker.worker(), room);
    }
    return new Unverified(what + " to a chunk sent to worker " + call.worker.worker()
        + " is not signed by a worker of this cluster");
  }

  /** Enough of an unsigned text to say what it was, never a page of it. */
  private static String shortened(String text) {
    return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  private void onReply(Call call, Message<Object> reply, Buffer body) {
    grant(call.worker, reply.headers().get(Headers.LIMIT));
    boolean more = WireCodec.isKeepalive(body);
    if (!more) {
      WireCodec.ReplyPart part = WireCodec.of(body).decodeReply(body);
      if (call.results.isEmpty()) {
        call.results = part.results();
      } else {
        List<Object> joined = new ArrayList<>(call.results.size() + part.results().size());
        joined.addAll(call.results);
        joined.addAll(part.results());
        call.results = joined;
      }
      if (!part.logs().isEmpty()) {
        call.logs = part.logs(); // the last part carries them all
      }
      call.micros += part.micros();
      call.bytes += body.length();
      more = part.more();
    }
    if (more) {
      reply.<Object>replyAndRequest(NEXT, legOptions()).onComplete(next -> onLeg(call, next));
    } else {
      end(call, null);
    }
  }

  /** The chunk's outcome: its results when {@code error} is null. */
  private void end(Call call, Throwable error) {
    Room room = rooms.get(call.worker.worker());
    if (room != null) {
      room.calls.remove(call);
    }
    if (error == null) {
      if (room != null) {
        room.busyStreak = 0;
      }
      call.promise.tryComplete(new ChunkResult(call.results, call.logs, call.worker.worker(),
          call.micros, call.bytes));
    } else if (!call.promise.future().isComplete()) {
      failed(call, room, error);
    }
    fireChanged();
  }

  private void failed(Call call, Room room, Throwable error) {
    if (!(error instanceof ReplyException reply)) {
      call.promise.tryFail(error instanceof TaskPoolException || error instanceof Refused ? error
          : new RetryableFailure("sending to worker " + call.worker.worker() + " failed: "
          + error));
      return;
    }
    if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      reply = signedFailure(call, reply);
      if (reply == null) {
        return;
      }
      error = reply;
    }
    ErrorCode code = reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        ? ErrorCode.fromInt(reply.failureCode()) : null;
    if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
      directory.forget(call.worker.worker());
      call.promise.tryFail(new Refused("worker " + call.worker.worker() + " is gone"));
    } else if (code == ErrorCode.BUSY && room != null) {
      busy(call.worker.worker(), room);
      call.promise.tryFail(new Refused("worker " + call.worker.worker() + " is full"));
    } else if (code == ErrorCode.UNAVAILABLE && room != null) {
      room.leaving = true;
      call.promise.tryFail(new Refused("worker " + call.worker.worker() + " is leaving"));
    } else if (code == ErrorCode.TOKEN_EXPIRED) {
      session.refusedAsExpired(call.bearer).onComplete(renewed -> call.promise.tryFail(
          renewed.succeeded() ? new Refused("the token had expired") : renewed.cause()));
    } else {
      call.promise.tryFail(Failures.ofChunk(error, call.task, call.worker.worker(),
          call.attempt));
    }
  }

  /**
   * A worker's failure with the text its signature covers; null when it carries no signature of
   * the chunk's worker, and the chunk is then failed as {@link Unverified}.
   */
  private ReplyException signedFailure(Call call, ReplyException failure) {
    String text = call.auth.openFailure(call.seq, call.answers++, failure.failureCode(),
        failure.getMessage());
    if (text == null && failure.failureCode() == ErrorCode.SESSION_UNKNOWN.toInt()
        && !call.carriedToken) {
      // a worker cannot sign for a session it does not hold; at worst, a member answering in
      // its place costs the next chunk its token's bytes
      Room room = rooms.get(call.worker.worker());
      if (room != null) {
        room.tokenHeld = null;
      }
      call.promise.tryFail(new Refused("worker " + call.worker.worker() + " does not hold the"
          + " session: the chunk goes again with the token"));
      return null;
    }
    if (text == null) {
      call.promise.tryFail(unverified(call, "a failure (" + failure.failureCode() + ": "
          + shortened(failure.getMessage()) + ")"));
      return null;
    }
    holdsToken(call);
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, failure.failureCode(), text);
  }

  /** A signed answer to a chunk that carried the token: the worker holds the session now. */
  private void holdsToken(Call call) {
    if (call.carriedToken) {
      Room room = rooms.get(call.worker.worker());
      if (room != null) {
        room.tokenHeld = call.bearer;
      }
    }
  }

  /** A full worker: no more chunks to it until a while has passed, then one to try. */
  private void busy(String worker, Room room) {
    long backoff = Math.min(MAX_BUSY_BACKOFF_MS, FIRST_BUSY_BACKOFF_MS << Math.min(6,
        room.busyStreak++));
    room.limit = room.calls.size();
    room.busyUntil = scheduler.nanoTime() + backoff * 1_000_000;
    long[] id = new long[1];
    id[0] = scheduler.setTimer(backoff, () -> {
      timers.remove(id[0]);
      room.limit = Math.max(room.limit, room.calls.size() + 1);
      fireChanged();
    });
    timers.add(id[0]);
  }

  /** The worker's word on how many chunks this pool may hold there. */
  private void grant(WorkerInfo worker, String limit) {
    if (limit != null) {
      room(worker).limit = Math.max(0, Integer.parseInt(limit));
    }
  }

  private void stop(Message<Object> reply) {
    if (reply.replyAddress() != null) {
      reply.reply(STOP);
    }
  }

  private Room room(WorkerInfo worker) {
    return rooms.computeIfAbsent(worker.worker(), w -> new Room(worker.capacity()));
  }

  /**
   * The worker with the most room among those that serve {@code task}. When none announces it,
   * none until the directory has heard from every worker, then any (which will say the task is
   * unknown). Null when there is no such worker with room.
   */
  private WorkerInfo roomiest(String task) {
    List<WorkerInfo> candidates = serving.computeIfAbsent(task, t -> directory.available()
        .stream().filter(w -> w.tasks().contains(t)).toList());
    if (candidates.isEmpty()) {
      if (!directory.settled()) {
        return null;
      }
      candidates = directory.available();
    }
    long now = scheduler.nanoTime();
    WorkerInfo best = null;
    int bestFree = 0;
    for (WorkerInfo worker : candidates) {
      Room room = rooms.get(worker.worker());
      int held = room == null ? 0 : room.calls.size();
      int limit = room == null ? worker.capacity() : room.limit;
      boolean open = room == null || !room.leaving && now - room.busyUntil >= 0;
      int free = Math.min(limit, worker.slots() * prefetch) - held;
      if (open && free > bestFree) {
        best = worker;
        bestFree = free;
      }
    }
    return best;
  }

  private static DeliveryOptions legOptions() {
    return new DeliveryOptions().setSendTimeout(ChunkRequest.LEG_TIMEOUT_MS);
  }
}
