package io.taskbus.gateway;

import io.taskbus.client.JobOptions;
import io.taskbus.client.ResultStream;
import io.taskbus.client.TaskPool;
import io.taskbus.protocol.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One job of a connection: the client's batches go into a {@link FeedStream} that the pool's
 * job pulls from; its results go back in events of at most {@value #BATCH}, only within the
 * credit the client granted and while the socket takes writes, so a slow reader slows the job's
 * dispatch instead of filling the gateway. On the connection's context.
 */
final class GatewayJob {

  /** Results per event, at most. */
  static final int BATCH = 1_000;
  /** How often a job that asked for it tells its progress, as a pool's listeners hear it. */
  static final long PROGRESS_MS = 250;
  /** The client is told to send its next batch once fewer items than this wait here. */
  static final int LOW_WATER = 16_384;
  /** Batches sent ahead of the gateway's word, at most: a client that sends more is refused. */
  static final int MAX_UNANSWERED = 2;

  /** Where a job's events go: its connection. */
  interface Events {
    void send(JsonObject event);

    boolean writable();

    void ended(GatewayJob job);
  }

  private final String id;
  private final boolean ordered;
  private boolean argLists;
  private final Events events;
  private final Context context;
  private final FeedStream input = new FeedStream();
  private final ArrayDeque<Runnable> answers = new ArrayDeque<>();
  private ResultStream<Object> results;
  private List<Object> batch = new ArrayList<>();
  private long sent;
  private long credits;
  private long asked;
  private boolean flushing;
  private boolean ended;
  private long progressTimer = -1;

  private GatewayJob(String id, boolean ordered, long window, Events events, Context context) {
    this.id = id;
    this.ordered = ordered;
    this.credits = window;
    this.events = events;
    this.context = context;
  }

  /**
   * Starts a job as {@code submit} asks (see docs/GATEWAY.md); {@code answer} tells the client
   * when it may send the next batch.
   *
   * @throws IllegalArgumentException when the request is not a job the protocol knows
   */
  static GatewayJob start(TaskPool pool, JsonObject submit, Events events, Context context,
      Consumer<JsonObject> answer) {
    String id = GatewayJobs.id(submit);
    String kind = submit.getString("kind", "map");
    JsonArray items = GatewayJobs.items(submit);
    boolean more = submit.getBoolean("more", false);
    boolean ordered = submit.getBoolean("ordered", true);
    long window = Math.max(1, submit.getLong("window", 65_536L));
    JobOptions options = new JobOptions()
        .setChunkSize(submit.getInteger("chunkSize", 0))
        .setTaskTimeoutMs(submit.getLong("timeoutMs", 0L));
    if (submit.getBoolean("outlive", false)) {
      throw new IllegalArgumentException("jobs that outlive their connection are not served yet:"
          + " a job ends with its connection");
    }
    String task = submit.getString("task");
    if (task == null || task.isEmpty()) {
      throw new IllegalArgumentException("a job needs its task's name");
    }
    GatewayJob job = new GatewayJob(id, ordered, window, events, context);
    job.argLists = !kind.equals("map");
    List<?> first = job.prepare(items); // a bad first batch starts nothing
    switch (kind) {
      case "map" -> job.results = ordered ? pool.imap(task, job.input, options)
          : pool.imapUnordered(task, job.input, options);
      case "starmap" -> job.results = job.starmap(pool, task, options);
      case "apply" -> {
        if (more || items.size() != 1) {
          throw new IllegalArgumentException("apply's items are one array of arguments: [[...]]");
        }
        job.results = job.starmap(pool, task, options);
      }
      default -> throw new IllegalArgumentException("kind must be map, starmap or apply, got "
          + kind);
    }
    job.run();
    if (submit.getBoolean("output", false)) {
      job.results.outputHandler(line -> job.events.send(new JsonObject().put("job", id)
          .put("output", new JsonObject().put("item", line.item()).put("line", line.line()))));
    }
    if (submit.getBoolean("progress", false)) {
      job.progressTimer = context.owner().setPeriodic(PROGRESS_MS, t -> job.tellProgress());
    }
    job.take(first, more, () -> answer.accept(new JsonObject().put("job", id)));
    return job;
  }

  String id() {
    return id;
  }

  /**
   * The client's next batch.
   *
   * @throws IllegalArgumentException when the input has ended already, or the client has sent
   *     more batches than it was asked for
   */
  void feed(JsonArray items, boolean more, Runnable answer) {
    if (input.complete()) {
      throw new IllegalArgumentException("job " + id + " has had its last batch");
    }
    if (answers.size() >= MAX_UNANSWERED) {
      throw new IllegalStateException("job " + id + " has " + MAX_UNANSWERED + " batches not yet"
          + " answered: send the next one after the answer");
    }
    take(prepare(items), more, answer);
  }

  /** The batch's items as the job takes them; every one is checked before any is taken. */
  private List<?> prepare(JsonArray items) {
    return argLists ? items.stream().map(GatewayJob::argList).toList() : items.getList();
  }

  private void take(List<?> batch, boolean more, Runnable answer) {
    input.push(batch, more);
    answers.add(answer);
    answerIfRoom();
  }

  /** The client takes {@code results} more. */
  void credit(long results) {
    credits = Math.max(0, credits + results);
    pump();
  }

  /** The socket takes writes again. */
  void writable() {
    pump();
  }

  /** Cancels the job; true when it was still running. */
  boolean cancel() {
    if (ended) {
      return false;
    }
    results.cancel();
    return true;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ResultStream<Object> starmap(TaskPool pool, String task, JobOptions options) {
    ReadStream lists = input; // argument lists only: each batch is checked as it comes

    return ordered ? pool.istarmap(task, lists, options)
        : pool.istarmapUnordered(task, lists, options);
  }

  private void run() {
    input.onTaken(this::answerIfRoom);
    results.pause();
    results.handler(this::result);
    results.exceptionHandler(this::failed);
    results.endHandler(v -> done());
    pump();
  }

  private void answerIfRoom() {
    while (!answers.isEmpty() && (input.buffered() < LOW_WATER || ended)) {
      answers.poll().run();
    }
  }

  /** Asks the job for results within the client's credit, while the socket takes writes. */
  private void pump() {
    if (ended || asked > 0 || credits <= 0 || !events.writable()) {
      return;
    }
    asked = Math.min(credits, BATCH);
    results.fetch(asked);
  }

  private void result(Object result) {
    asked--;
    credits--;
    batch.add(result);
    if (batch.size() >= BATCH) {
      flush();
    } else if (!flushing) {
      flushing = true; // the rest of this burst first, then one event
      context.runOnContext(v -> {
        flushing = false;
        flush();
      });
    }
    if (asked == 0) {
      pump();
    }
  }

  private void flush() {
    if (batch.isEmpty()) {
      return;
    }
    JsonObject event = new JsonObject().put("job", id);
    if (ordered) {
      event.put("first", sent);
    }
    sent += batch.size();
    events.send(event.put("results", new JsonArray(batch)));
    batch = new ArrayList<>();
  }

  private void done() {
    flush();
    end(new JsonObject().put("job", id).put("done", true).put("count", sent));
  }

  private void failed(Throwable error) {
    flush();
    end(new JsonObject().put("job", id).put("error", GatewayErrors.of(error)));
  }

  private void tellProgress() {
    events.send(new JsonObject().put("job", id)
        .put("progress", GatewayProgress.toJson(results.progress())));
  }

  private void end(JsonObject event) {
    if (ended) {
      return;
    }
    ended = true;
    if (progressTimer >= 0) {
      context.owner().cancelTimer(progressTimer);
      event.put("progress", GatewayProgress.toJson(results.progress()));
    }
    events.send(event);
    answerIfRoom();
    events.ended(this);
  }

  /** A starmap item: an array of arguments. */
  private static Object argList(Object item) {
    if (item instanceof JsonArray args) {
      return args.getList();
    }
    if (item instanceof List<?> args) {
      return args;
    }
    throw new IllegalArgumentException("a starmap item is an array of arguments, got " + item);
  }

  static ErrorCode codeOf(RuntimeException e) {
    return e instanceof IllegalStateException ? ErrorCode.RATE_LIMITED : ErrorCode.BAD_REQUEST;
  }
}
