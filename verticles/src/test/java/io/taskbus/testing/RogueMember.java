package io.taskbus.testing;

import io.taskbus.client.TaskbusConf;
import io.taskbus.protocol.ChunkReply;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * A hostile member of the cluster: a clustered Vert.x node that uses only the public event-bus
 * API, as anyone who can join the cluster could (with TLS on, anyone holding a certificate of
 * the cluster's CA: every client machine). It joins with the shipped conf, as such a machine
 * would, and deploys nothing of taskbus.
 *
 * <p>What it catches it treats as opaque: it keeps every header and the body as they came, and
 * sends them on as they are or with the changes a test names. The only header names it knows
 * are {@link Headers#AUTHORIZATION} and {@link Headers#TASK}, so its attacks stay valid however
 * the protocol's other headers change.
 */
public final class RogueMember implements AutoCloseable {

  /** The value of every result the rogue forges: no real job of the tests yields it. */
  public static final int FORGED_RESULT = -1;
  /**
   * How long the rogue waits for an answer to a message it sends: a worker answers at once, so
   * this bounds only a worker that drops what it refuses without a word.
   */
  public static final long SEND_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final String id = "rogue-" + UUID.randomUUID();

  private RogueMember(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Joins the cluster of {@code conf} as a full member (a lite one could do all the same). */
  public static RogueMember join(TaskbusConf conf) throws Exception {
    return new RogueMember(conf.joinCluster(true)
        .await(TestCluster.TIMEOUT_S, TimeUnit.SECONDS));
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The id it gives itself when it poses as a worker. */
  public String id() {
    return id;
  }

  /** One message: its address, a copy of every header, and its body as it came. */
  public record Caught(String address, MultiMap headers, Object body) {

    /** A message the rogue makes up: these headers (name, value, ...) and this body. */
    public static Caught forged(Object body, String... headers) {
      MultiMap map = MultiMap.caseInsensitiveMultiMap();
      for (int i = 0; i + 1 < headers.length; i += 2) {
        map.add(headers[i], headers[i + 1]);
      }
      return new Caught(null, map, body);
    }

    public String header(String name) {
      return headers.get(name);
    }

    /** The body as JSON (an object, or JSON text), or null when it is neither. */
    public JsonObject json() {
      try {
        return body instanceof JsonObject json ? json.copy()
            : body instanceof Buffer text ? new JsonObject(text) : null;
      } catch (RuntimeException e) {
        return null;
      }
    }

    /**
     * A copy whose JSON body is changed by {@code change} (given an empty object when the body
     * is not JSON), in the body's own form.
     */
    public Caught withJson(UnaryOperator<JsonObject> change) {
      JsonObject json = json();
      JsonObject changed = change.apply(json == null ? new JsonObject() : json);
      return new Caught(address, copy(headers),
          body instanceof Buffer ? changed.toBuffer() : changed);
    }

    /** The chunk as the protocol's codecs read it, or null when the body is none. */
    public WireCodec.DecodedChunk chunk() {
      try {
        String task = header(Headers.TASK);
        return body instanceof Buffer wire ? WireCodec.of(wire).decodeRequest(wire, task)
            : WireCodec.decodeJsonObject(body, task);
      } catch (RuntimeException e) {
        return null;
      }
    }

    /** The body as text, to look for what must never travel. */
    public String text() {
      return body instanceof Buffer b ? b.toString() : String.valueOf(body);
    }
  }

  /** What the rogue does with each message it catches. */
  @FunctionalInterface
  public interface Answer {
    void answer(Catch into, Message<Object> msg, Caught caught);
  }

  /** Keeps the message and says nothing: its sender waits for its own timeout. */
  public static final Answer SILENT = (into, msg, caught) -> { };

  /**
   * Says the worker is full: the sender sends the chunk again at no cost, so the rogue can
   * keep a chunk without costing its honest sender anything it could notice.
   */
  public static final Answer REFUSE = (into, msg, caught) ->
      msg.fail(ErrorCode.BUSY.toInt(), "busy");

  /**
   * Answers a chunk as a worker would, with one {@link #FORGED_RESULT} per item (its item count
   * read from the body), no logs, this rogue's id and a run time of 1 µs.
   */
  public Answer forgedResults() {
    return (into, msg, caught) -> {
      WireCodec.DecodedChunk chunk = caught.chunk();
      JsonArray results = new JsonArray();
      for (int i = 0; i < (chunk == null ? 1 : chunk.items().size()); i++) {
        results.add(FORGED_RESULT);
      }
      msg.reply(new ChunkReply(results, new JsonArray(), id, 1).toJson().toBuffer());
    };
  }

  /**
   * Plays the auth service (as {@code LoginSecurityTest} does): answers a client-first with a
   * challenge of its own, keeps the proof that comes back, and answers it with a made-up
   * signature and token.
   */
  public Answer fakeAuth() {
    return (into, msg, caught) -> {
      JsonObject first = caught.json();
      String scram = first == null ? "" : first.getString("scram", "");
      String nonce = scram.substring(scram.indexOf(",r=") + 3) + "rogue";
      msg.<Object>replyAndRequest(new JsonObject().put("sid", "x").put("scram", "r=" + nonce
              + ",s=" + b64(new byte[16]) + ",i=4096"))
          .onSuccess(proof -> {
            into.keep(proof);
            proof.reply(new JsonObject().put("scram", "v=" + b64(new byte[32]))
                .put("sealed", b64(new byte[64])).put("token", "rogue.token.here")
                .put("expiresAt", System.currentTimeMillis() + 600_000));
          });
    };
  }

  /** A consumer of the rogue's on one address, and everything it caught there. */
  public final class Catch {
    private final List<Caught> caught = new CopyOnWriteArrayList<>();
    private final String address;
    private MessageConsumer<Object> consumer;

    private Catch(String address) {
      this.address = address;
    }

    /** Keeps {@code msg} (one caught, or the next message of a conversation). */
    public Caught keep(Message<Object> msg) {
      Caught one = new Caught(address, copy(msg.headers()), msg.body());
      caught.add(one);
      return one;
    }

    public List<Caught> caught() {
      return List.copyOf(caught);
    }

    public int size() {
      return caught.size();
    }

    /** Stops consuming, once the cluster knows. */
    public void stop() throws Exception {
      consumer.unregister().await(TestCluster.TIMEOUT_S, TimeUnit.SECONDS);
    }
  }

  /**
   * Consumes {@code address} (beside whoever else does: point-to-point messages to it are then
   * shared round robin with them; published ones come to all), keeps every message and answers
   * each with {@code answer}. Returns once the consumer is registered in the cluster.
   */
  public Catch catchOn(String address, Answer answer) throws Exception {
    Catch into = new Catch(address);
    into.consumer = vertx.eventBus().consumer(address, msg -> {
      Caught one = into.keep(msg);
      answer.answer(into, msg, one);
    });
    into.consumer.completion().await(TestCluster.TIMEOUT_S, TimeUnit.SECONDS);
    return into;
  }

  /** Sends {@code caught} again, as it came, to {@code address}; completes with its outcome. */
  public Future<String> replay(Caught caught, String address) {
    return replay(caught, address, Map.of(), UnaryOperator.identity());
  }

  /**
   * Sends {@code caught} to {@code address}, its headers changed by {@code headerChanges}
   * (a null value removes the header; every other header is sent as it came) and its body by
   * {@code bodyChange}. Completes with the outcome: {@code answered}, {@code refused <code>}, or
   * {@code lost <why>}.
   */
  public Future<String> replay(Caught caught, String address, Map<String, String> headerChanges,
      UnaryOperator<Object> bodyChange) {
    MultiMap headers = copy(caught.headers());
    headerChanges.forEach((name, value) -> {
      if (value == null) {
        headers.remove(name);
      } else {
        headers.set(name, value);
      }
    });
    return outcome(vertx.eventBus().request(address, bodyChange.apply(caught.body()),
        new DeliveryOptions().setHeaders(headers).setSendTimeout(SEND_TIMEOUT_MS)));
  }

  /** Publishes {@code body} with every header of {@code like} (none when it is null). */
  public void publish(String address, Object body, Caught like) {
    vertx.eventBus().publish(address, body, new DeliveryOptions()
        .setHeaders(like == null ? MultiMap.caseInsensitiveMultiMap() : copy(like.headers())));
  }

  /** Publishes {@code caught} again, every header and its body as they are, to {@code address}. */
  public void publish(String address, Caught caught) {
    publish(address, caught.body(), caught);
  }

  /**
   * Sends {@code n} messages to {@code address} all at once, the i-th {@code message.apply(i)};
   * completes once each is answered or timed out, with how many ended each way.
   */
  public Future<Map<String, Integer>> flood(String address, int n, IntFunction<Caught> message) {
    List<Future<String>> outcomes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      outcomes.add(replay(message.apply(i), address));
    }
    return Future.join(outcomes).transform(all -> {
      Map<String, Integer> counts = new TreeMap<>();
      for (Future<String> outcome : outcomes) {
        counts.merge(outcome.result(), 1, Integer::sum);
      }
      return Future.succeededFuture(counts);
    });
  }

  /** Runs {@code attack} on the rogue's event loop every {@code periodMs} until closed. */
  public AutoCloseable repeat(long periodMs, Runnable attack) {
    long timer = vertx.setPeriodic(1, periodMs, t -> attack.run());
    return () -> vertx.cancelTimer(timer);
  }

  /** Logs in as {@code user}, as any client does; the header value that carries its token. */
  public String login(String user, String password) throws Exception {
    return RawSession.login(vertx.eventBus(), user, password).bearer();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(TestCluster.TIMEOUT_S, TimeUnit.SECONDS);
  }

  private static Future<String> outcome(Future<Message<Object>> reply) {
    return reply.map(r -> "answered").recover(e -> Future.succeededFuture(
        e instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
            ? "refused " + r.failureCode()
            : "lost " + (e instanceof ReplyException r ? r.failureType() : e.toString())));
  }

  private static MultiMap copy(MultiMap headers) {
    return MultiMap.caseInsensitiveMultiMap().addAll(headers);
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
