package io.taskbus.node;

import io.taskbus.protocol.ChunkRequest;
import io.taskbus.protocol.ErrorInfo;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.MessageBodies;
import io.taskbus.protocol.WireCodec;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * One accepted chunk's conversation with the pool that sent it. While the chunk is queued or
 * runs, the worker answers every {@link ChunkRequest#KEEPALIVE_MS} with {@code {pending: true}},
 * so the pool hears from it however long the wait; then it sends the reply's parts, each once
 * the pool has answered the one before. A pool that stops answering (or says stop) abandons
 * the chunk, and its items not yet run are skipped. Every answer carries the pool's room here
 * ({@link Headers#LIMIT}) and is signed under the chunk's session key, numbered, so the pool
 * tells a worker's answers from anyone else's. Runs on the worker's context.
 */
final class ChunkCall {


  private final SessionGuard.Caller caller;
  private final IntSupplier limit;
  private final LongSupplier nanoTime;
  private final Consumer<ChunkCall> onOver;
  private Message<Object> leg;
  private long legSince;
  private Deque<Buffer> parts;
  private ErrorInfo failure;
  private boolean over;
  /** Answers sent so far: each is signed with its number, so none can be moved or replayed. */
  private int answers;
  private volatile boolean abandoned;

  /** @param onOver told once the conversation is over, however it ended */
  ChunkCall(Message<Object> request, SessionGuard.Caller caller, IntSupplier limit,
      LongSupplier nanoTime, Consumer<ChunkCall> onOver) {
    this.leg = request;
    this.caller = caller;
    this.limit = limit;
    this.nanoTime = nanoTime;
    this.onOver = onOver;
    this.legSince = nanoTime.getAsLong();
  }

  /** True once the pool no longer waits for the chunk; read from the chunk's thread. */
  boolean abandoned() {
    return abandoned;
  }

  /** The chunk's reply, in parts that each fit a message. */
  void finish(List<Buffer> reply) {
    if (parts == null && failure == null) {
      parts = new ArrayDeque<>(reply);
      answer();
    }
  }

  void fail(ErrorInfo info) {
    if (parts == null && failure == null) {
      failure = info;
      answer();
    }
  }

  /** Tells the pool the chunk is still here, if it has not heard so for a while. */
  void keepaliveIfDue() {
    if (leg != null && parts == null && failure == null && !over
        && nanoTime.getAsLong() - legSince >= ChunkRequest.KEEPALIVE_MS * 1_000_000) {
      ask(WireCodec.KEEPALIVE);
    }
  }

  /** Sends what is due on the open leg: a failure, the next part, or nothing yet. */
  private void answer() {
    if (leg == null || over || parts == null && failure == null) {
      return; // nothing due yet (a keepalive's answer while the chunk runs): the leg stays open
    }
    if (failure != null) {
      leg.fail(failure.code().toInt(), caller.failure(answers++, failure));
      end();
    } else if (parts.size() > 1) {
      ask(parts.poll());
    } else {
      Buffer last = parts.poll();
      leg.reply(last, signed(last, new DeliveryOptions()));
      end();
    }
  }

  /** Sends {@code body} and waits for the pool's answer, which opens the next leg. */
  private void ask(Buffer body) {
    Message<Object> open = leg;
    leg = null;
    open.<Object>replyAndRequest(body, signed(body, new DeliveryOptions()
        .setSendTimeout(ChunkRequest.LEG_TIMEOUT_MS))).onComplete(this::onAnswer);
  }

  private void onAnswer(AsyncResult<Message<Object>> ar) {
    if (ar.failed() || stops(ar.result())) {
      abandoned = true;
      end();
      return;
    }
    leg = ar.result();
    legSince = nanoTime.getAsLong();
    answer();
  }

  private static boolean stops(Message<Object> answer) {
    try {
      return MessageBodies.readObject(answer, 1024).getBoolean("stop", false);
    } catch (RuntimeException e) {
      return true; // not an answer of a pool's
    }
  }

  /** The pool's room here, and the MAC over it and the body: the pool believes only those. */
  private DeliveryOptions signed(Buffer body, DeliveryOptions options) {
    String room = Integer.toString(limit.getAsInt());
    return options.addHeader(Headers.LIMIT, room)
        .addHeader(Headers.MAC, caller.replyMac(answers++, room, body));
  }

  private void end() {
    if (!over) {
      over = true;
      leg = null;
      onOver.accept(this);
    }
  }
}
