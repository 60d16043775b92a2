package io.taskbus.protocol;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * How chunks and their replies are written on the wire. JSON text is for any client (the
 * event-bus bridge, debugging); the compact binary form for JVM pools. A body's first bytes
 * name its codec, so a worker answers each pool in the codec it was asked in.
 */
public interface WireCodec {

  WireCodec JSON = new JsonWire();
  WireCodec BINARY = new BinaryWire();

  /** {@code "json"} or {@code "binary"}, as pools name them in their options. */
  String name();

  /** One chunk: items {@code first ..} of a job, each its list of arguments. */
  Buffer encodeRequest(String task, String job, long first, List<? extends List<?>> items,
      long timeoutMs);

  /**
   * Reads a chunk sent with this codec.
   *
   * @throws ProtocolException {@link ErrorCode#BAD_REQUEST} naming what is wrong
   */
  DecodedChunk decodeRequest(Buffer body, String task);

  /**
   * A chunk's reply, in messages that each fit {@code maxBytes}: one when it fits, else parts of
   * consecutive results (all but the last marked as having more), the logs in the last.
   *
   * @param first the job index of the first result
   * @throws ProtocolException {@link ErrorCode#TOO_LARGE} naming the item whose result alone
   *     does not fit in a message
   */
  List<Buffer> encodeReply(List<Object> results, List<LogLine> logs, String worker, long micros,
      long first, int maxBytes);

  /** Reads one part of a reply sent with this codec. */
  ReplyPart decodeReply(Buffer body);

  /** Reads a chunk that came as a JSON object (the event bus decoded it on its way). */
  static DecodedChunk decodeJsonObject(Object json, String task) {
    return JsonWire.fromJson(json, task);
  }

  /** A worker's word that it still holds a chunk (queued or running), in either codec. */
  Buffer KEEPALIVE = new io.vertx.core.json.JsonObject().put("pending", true).toBuffer();

  /** True for a keepalive: one small JSON object, told apart without parsing a reply. */
  static boolean isKeepalive(Buffer body) {
    return body.length() == KEEPALIVE.length() && body.equals(KEEPALIVE);
  }

  /** The codec a body was written in: binary bodies start with its magic bytes. */
  static WireCodec of(Buffer body) {
    return isBinary(body) ? BINARY : JSON;
  }

  static boolean isBinary(Buffer body) {
    return BinaryWire.isBinary(body);
  }

  /** The codec called {@code name} in a pool's options. */
  static WireCodec named(String name) {
    return switch (name) {
      case "json" -> JSON;
      case "binary" -> BINARY;
      default -> throw new IllegalArgumentException("codec must be 'binary' or 'json', not '"
          + name + "'");
    };
  }

  /** A chunk as read: its items' argument lists, in order. */
  record DecodedChunk(String task, String job, long first, List<List<Object>> items,
                      long timeoutMs) {
  }

  /**
   * One message of a reply: some results, and whether more parts follow; the last part says how
   * long the chunk's items ran on the worker.
   */
  record ReplyPart(List<Object> results, List<LogLine> logs, String worker, long micros,
                   boolean more) {
  }
}
