package io.taskbus.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.impl.MessageImpl;
import io.vertx.core.eventbus.impl.clustered.ClusteredMessage;
import io.vertx.core.json.JsonObject;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Reads a message body only after its type and size are known to be the protocol's: JSON text
 * in a {@link Buffer}, or (for the event-bus bridge) a {@link JsonObject}. The event bus decodes
 * a body when a handler first asks for it, and a JSON object of a few megabytes can take a
 * gigabyte once decoded, so the size is read from the wire before {@code body()} is called.
 */
public final class MessageBodies {

  private static final String BUFFER = "buffer";
  private static final String JSON_OBJECT = "jsonobject";
  private static final Wire WIRE = Wire.find();

  private MessageBodies() {
  }

  /**
   * The body of {@code msg}, when it is JSON text or a JSON object of at most {@code maxBytes}.
   *
   * @throws ProtocolException {@link ErrorCode#BAD_REQUEST} for any other body type,
   *     {@link ErrorCode#TOO_LARGE} for a body over {@code maxBytes}; either way undecoded
   */
  public static Object read(Message<?> msg, long maxBytes) {
    String codec = msg instanceof MessageImpl<?, ?> m && m.codec() != null ? m.codec().name()
        : null;
    if (!BUFFER.equals(codec) && !JSON_OBJECT.equals(codec)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "the body must be JSON text (a buffer)"
          + " or a JSON object, not " + (codec == null ? "nothing" : "a '" + codec + "'"));
    }
    long size = WIRE.size(msg, maxBytes);
    if (size < 0 && JSON_OBJECT.equals(codec)) {
      // its size cannot be read from the wire here: never decode what may not fit
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "JSON object bodies are not accepted"
          + " here: send JSON text");
    }
    if (size > maxBytes) {
      throw tooLarge(size, maxBytes);
    }
    Object body = msg.body();
    if (body instanceof Buffer text && text.length() > maxBytes) {
      throw tooLarge(text.length(), maxBytes);
    }
    return body;
  }

  /** The body as a JSON object, read as {@link #read} does; JSON text is parsed. */
  public static JsonObject readObject(Message<?> msg, long maxBytes) {
    Object body = read(msg, maxBytes);
    if (body instanceof JsonObject json) {
      return json;
    }
    try {
      return new JsonObject((Buffer) body);
    } catch (RuntimeException e) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "undecodable body: " + e.getMessage());
    }
  }

  private static ProtocolException tooLarge(long size, long maxBytes) {
    return new ProtocolException(ErrorCode.TOO_LARGE, "a body of " + size
        + " bytes is over the limit of " + maxBytes);
  }

  /** Where a message keeps its undecoded body, read with the event bus's own fields. */
  private record Wire(VarHandle wireBuffer, VarHandle bodyPos, VarHandle sentBody,
                      VarHandle receivedBody) {

    static Wire find() {
      try {
        MethodHandles.Lookup clustered = MethodHandles.privateLookupIn(ClusteredMessage.class,
            MethodHandles.lookup());
        MethodHandles.Lookup local = MethodHandles.privateLookupIn(MessageImpl.class,
            MethodHandles.lookup());
        return new Wire(clustered.findVarHandle(ClusteredMessage.class, "wireBuffer",
            Buffer.class), clustered.findVarHandle(ClusteredMessage.class, "bodyPos", int.class),
            local.findVarHandle(MessageImpl.class, "sentBody", Object.class),
            local.findVarHandle(MessageImpl.class, "receivedBody", Object.class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return new Wire(null, null, null, null); // sizes unknown: JSON objects are refused
      }
    }

    /** The body's size in bytes, counted no further than past {@code limit}; -1 if unknown. */
    long size(Message<?> msg, long limit) {
      if (wireBuffer == null) {
        return -1;
      }
      if (msg instanceof ClusteredMessage<?, ?> c && c.isFromWire()) {
        Buffer wire = (Buffer) wireBuffer.get(c);
        int pos = (int) bodyPos.get(c);
        if (pos == 0) { // decoded already (the event bus does so with replies): measure that
          return measure(receivedBody.get(c), limit);
        }
        // a codec writes its body as a 4-byte length, then the bytes
        return wire == null ? -1 : wire.getInt(pos);
      }
      if (msg instanceof MessageImpl<?, ?> m) {
        return measure(sentBody.get(m), limit); // sent from this JVM: measured, not copied
      }
      return -1;
    }

    private static long measure(Object body, long limit) {
      return body instanceof Buffer text ? text.length() : JsonText.sizeAtMost(body, limit);
    }
  }
}
