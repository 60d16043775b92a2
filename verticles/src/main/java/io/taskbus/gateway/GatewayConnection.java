package io.taskbus.gateway;

import io.taskbus.auth.ClusterKeys;
import io.taskbus.client.PoolOptions;
import io.taskbus.client.TaskPool;
import io.taskbus.client.impl.ClusterTaskPool;
import io.taskbus.protocol.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's connection: its frames (docs/GATEWAY.md), its login, then its jobs, run with a
 * pool of its user's session. Everything happens on the gateway's context; the connection's end
 * cancels its jobs and releases its pool.
 */
final class GatewayConnection implements FrameReader.Frames, GatewayJob.Events {

  static final String LOGIN = "taskbus.gateway.login";
  static final String SUBMIT = "taskbus.gateway.submit";
  static final String FEED = "taskbus.gateway.feed";
  static final String CREDIT = "taskbus.gateway.credit";
  static final String CANCEL = "taskbus.gateway.cancel";
  static final String OUT = "taskbus.gateway.out";
  /** Failed logins a connection may make before it is closed. */
  static final int MAX_LOGIN_FAILURES = 3;
  private static final int MAX_REPLY_ADDRESS = 64;

  private final Vertx vertx;
  private final Context context;
  private final NetSocket socket;
  private final GatewayOptions options;
  private final PoolOptions poolOptions;
  private final GatewayLogin login;
  private final Runnable onClose;
  private final Map<String, GatewayJob> jobs = new LinkedHashMap<>();
  private TaskPool pool;
  private boolean loggingIn;
  private int loginFailures;
  private long idleTimer = -1;
  /** When the connection last had a frame or a job end (nanoTime): the idle clock reads it. */
  private long activeAt;
  private boolean closed;

  GatewayConnection(Vertx vertx, NetSocket socket, GatewayOptions options,
      PoolOptions poolOptions, ClusterKeys keys, Runnable onClose) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.socket = socket;
    this.options = options;
    this.poolOptions = poolOptions;
    this.login = new GatewayLogin(vertx.eventBus(), keys, options.loginTimeoutMs());
    this.onClose = onClose;
  }

  void start() {
    FrameReader reader = new FrameReader(options.maxFrameBytes(), this);
    socket.handler(reader::feed);
    socket.closeHandler(v -> closed());
    socket.exceptionHandler(e -> socket.close());
    socket.drainHandler(v -> jobs.values().forEach(GatewayJob::writable));
    idleTimer = vertx.setTimer(options.loginTimeoutMs(), t -> {
      if (pool == null) {
        refuseAndClose(ErrorCode.UNAUTHENTICATED, "no login within "
            + options.loginTimeoutMs() + " ms");
      }
    });
  }

  @Override
  public void frame(JsonObject frame) {
    if (closed) {
      return;
    }
    if (pool != null) {
      touched();
    }
    String type = frame.getValue("type") instanceof String t ? t : "";
    switch (type) {
      case "ping" -> write(new JsonObject().put("type", "pong"));
      case "register", "unregister" -> {
        if (!OUT.equals(frame.getValue("address"))) {
          err(null, ErrorCode.FORBIDDEN, "a client may listen on " + OUT + " only");
        }
      }
      case "send" -> onSend(frame);
      default -> err(null, ErrorCode.BAD_REQUEST, "a frame's type is send, register,"
          + " unregister or ping, not '" + type + "'");
    }
  }

  @Override
  public void refuse(String why) {
    refuseAndClose(ErrorCode.BAD_REQUEST, why);
  }

  @Override
  public void send(JsonObject event) {
    write(new JsonObject().put("type", "message").put("address", OUT).put("body", event));
  }

  @Override
  public boolean writable() {
    return !socket.writeQueueFull();
  }

  @Override
  public void ended(GatewayJob job) {
    jobs.remove(job.id());
    touched();
  }

  private void onSend(JsonObject frame) {
    Object replyTo = frame.getValue("replyAddress");
    if (replyTo != null && (!(replyTo instanceof String r) || r.length() > MAX_REPLY_ADDRESS)) {
      err(null, ErrorCode.BAD_REQUEST, "a replyAddress is a string of at most "
          + MAX_REPLY_ADDRESS + " characters");
      return;
    }
    String reply = (String) replyTo;
    if (!(frame.getValue("body") instanceof JsonObject body)) {
      err(reply, ErrorCode.BAD_REQUEST, "a send's body is a JSON object");
      return;
    }
    String address = frame.getValue("address") instanceof String a ? a : "";
    if (address.equals(LOGIN)) {
      login(reply, body);
    } else if (pool == null) {
      err(reply, ErrorCode.UNAUTHENTICATED, "log in first (" + LOGIN + ")");
    } else {
      try {
        request(address, reply, body);
      } catch (IllegalArgumentException | IllegalStateException e) {
        err(reply, GatewayJob.codeOf(e), e.getMessage());
      }
    }
  }

  private void request(String address, String reply, JsonObject body) {
    switch (address) {
      case SUBMIT -> submit(reply, body);
      case FEED -> job(body).feed(GatewayJobs.items(body), body.getBoolean("more", false),
          () -> answer(reply, new JsonObject().put("job", body.getString("job"))));
      case CREDIT -> {
        long results = GatewayJobs.count(body, "results");
        GatewayJob job = jobs.get(GatewayJobs.id(body));
        if (job != null) { // a credit that crossed its job's end on the wire is no error
          job.credit(results);
        }
      }
      case CANCEL -> {
        GatewayJob job = jobs.get(GatewayJobs.id(body));
        answer(reply, new JsonObject().put("job", body.getString("job"))
            .put("cancelled", job != null && job.cancel()));
      }
      default -> err(reply, ErrorCode.FORBIDDEN, "no such address here: the gateway's are "
          + String.join(", ", LOGIN, SUBMIT, FEED, CREDIT, CANCEL));
    }
  }

  private void submit(String reply, JsonObject body) {
    String id = GatewayJobs.id(body);
    if (jobs.containsKey(id)) {
      throw new IllegalArgumentException("job " + id + " is running already");
    }
    if (jobs.size() >= options.maxJobsPerSession()) {
      throw new IllegalStateException("this connection runs " + jobs.size() + " jobs already,"
          + " the most it may (gateway.maxJobsPerSession)");
    }
    jobs.put(id, GatewayJob.start(pool, body, this, context, answer -> answer(reply, answer)));
  }

  private GatewayJob job(JsonObject body) {
    GatewayJob job = jobs.get(GatewayJobs.id(body));
    if (job == null) {
      throw new IllegalArgumentException("no running job " + body.getValue("job"));
    }
    return job;
  }

  private void login(String reply, JsonObject body) {
    if (pool != null || loggingIn) {
      err(reply, ErrorCode.BAD_REQUEST, pool != null ? "logged in already"
          : "a login is under way: wait for its answer");
      return;
    }
    if (!(body.getValue("scram") instanceof String scram)) {
      err(reply, ErrorCode.BAD_REQUEST, "a login is {\"scram\": message}");
      return;
    }
    loggingIn = true;
    if (!login.challenged()) {
      login.first(scram).onComplete(ar -> {
        loggingIn = false;
        if (ar.succeeded()) {
          answer(reply, new JsonObject().put("scram", ar.result()));
        } else {
          loginFailed(reply, ar.cause());
        }
      });
      return;
    }
    login.last(scram)
        .compose(done -> ClusterTaskPool.connect(vertx, new PoolOptions(poolOptions)
            .setUsername(done.answer().getString("user")), done.answer())
            .map(p -> {
              loggedIn(p);
              return new JsonObject().put("scram", done.serverFinal())
                  .put("user", done.answer().getString("user"))
                  .put("permissions", done.answer().getJsonArray("permissions"))
                  .put("expiresAt", done.answer().getLong("expiresAt"));
            }))
        .onComplete(ar -> {
          loggingIn = false;
          if (ar.succeeded()) {
            answer(reply, ar.result());
          } else {
            loginFailed(reply, ar.cause());
          }
        });
  }

  private void loggedIn(TaskPool pool) {
    if (closed) {
      pool.terminate();
      return;
    }
    this.pool = pool;
    vertx.cancelTimer(idleTimer); // the login's deadline: the idle clock starts now
    idleTimer = -1;
    touched();
  }

  private void loginFailed(String reply, Throwable cause) {
    JsonObject error = GatewayErrors.of(cause);
    err(reply, ErrorCode.fromInt(error.getInteger("code")), error.getString("message"));
    if (++loginFailures >= MAX_LOGIN_FAILURES) {
      socket.close();
    }
  }

  /**
   * Notes activity: a connection without frames and jobs for a while is closed. Only a time is
   * written here, on every frame; one timer at a time checks it.
   */
  private void touched() {
    activeAt = System.nanoTime();
    if (idleTimer < 0) {
      checkIdleIn(options.idleTimeoutMs());
    }
  }

  private void checkIdleIn(long ms) {
    idleTimer = vertx.setTimer(Math.max(1, ms), t -> {
      long idleMs = (System.nanoTime() - activeAt) / 1_000_000;
      if (!jobs.isEmpty() || idleMs < options.idleTimeoutMs()) {
        checkIdleIn(jobs.isEmpty() ? options.idleTimeoutMs() - idleMs : options.idleTimeoutMs());
      } else {
        idleTimer = -1;
        refuseAndClose(ErrorCode.TIMEOUT, "idle for " + options.idleTimeoutMs() + " ms");
      }
    });
  }

  private void answer(String reply, JsonObject body) {
    if (reply != null) {
      write(new JsonObject().put("type", "message").put("address", reply).put("body", body));
    }
  }

  private void err(String reply, ErrorCode code, String message) {
    JsonObject frame = errFrame(code, message);
    write(reply == null ? frame : frame.put("address", reply));
  }

  /** A refusal as the bridge's {@code err} frame, its body the protocol's error. */
  static JsonObject errFrame(ErrorCode code, String message) {
    return new JsonObject().put("type", "err").put("failureCode", code.toInt())
        .put("failureType", "RECIPIENT_FAILURE").put("message", message)
        .put("body", GatewayErrors.of(code, message));
  }

  /** A frame as it goes on the wire: its length, then its JSON. */
  static Buffer bytes(JsonObject frame) {
    Buffer json = frame.toBuffer();
    return Buffer.buffer(4 + json.length()).appendInt(json.length()).appendBuffer(json);
  }

  private void refuseAndClose(ErrorCode code, String message) {
    err(null, code, message);
    socket.end();
  }

  private void write(JsonObject frame) {
    if (closed) {
      return;
    }
    socket.write(bytes(frame));
  }

  private void closed() {
    if (closed) {
      return;
    }
    closed = true;
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
    }
    List.copyOf(jobs.values()).forEach(GatewayJob::cancel); // a cancel may end its job at once
    jobs.clear();
    if (pool != null) {
      pool.terminate();
    }
    onClose.run();
  }
}
