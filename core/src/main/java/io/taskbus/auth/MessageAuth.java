package io.taskbus.auth;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MACs (HMAC-SHA256 under a login's session key) that prove a message comes from the
 * session's client or from a worker that opened its token. Each binds what the message asks to
 * what it is: its kind, where it was sent, its sequence number and time, and its body; every
 * field is length-prefixed, so no two messages share an input. Not thread-safe: one per thread.
 */
public final class MessageAuth {

  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final byte[] CHUNK = label("chunk");
  private static final byte[] CANCEL = label("cancel");
  private static final byte[] REPLY = label("reply");
  private static final byte[] FAILURE = label("failure");
  private static final byte[] RENEWAL = label("renewal");
  private static final byte[] JOB = label("job");
  private static final String ERROR = "error";
  private static final String MAC = "mac";
  private final Mac mac;
  /** A MAC's fields, gathered before they are fed to it at once. */
  private byte[] fields = new byte[256];
  private int size;

  private MessageAuth(byte[] key) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks HmacSHA256", e);
    }
  }

  public static MessageAuth of(byte[] sessionKey) {
    return new MessageAuth(sessionKey);
  }

  /** A chunk sent to {@code address}: its task, pool, sequence number, time and body. */
  public String chunk(String address, String task, String pool, long seq, long ts, Buffer body) {
    return start(CHUNK).text(address).text(task).text(pool).number(seq).number(ts)
        .bytes(body).finish();
  }

  /** A cancel of {@code job} published on {@code address}. */
  public String cancel(String address, String job, long seq, long ts) {
    return start(CANCEL).text(address).text(job).number(seq).number(ts).finish();
  }

  /** Leg {@code leg} of a worker's answers to the chunk {@code seq}: its limit and its body. */
  public String reply(long seq, int leg, String limit, Buffer body) {
    return start(REPLY).number(seq).number(leg).text(limit).bytes(body).finish();
  }

  /** A worker's failure as the answer to leg {@code leg} of the chunk {@code seq}. */
  public String failure(long seq, int leg, int code, String text) {
    return start(FAILURE).number(seq).number(leg).number(code).text(text).finish();
  }

  /**
   * A worker's failure text, signed: {@code {"error": text, "mac": ...}}, as the message of a
   * failed reply (which carries no headers).
   */
  public String signFailure(long seq, int leg, int code, String text) {
    return new JsonObject().put(ERROR, text).put(MAC, failure(seq, leg, code, text)).encode();
  }

  /** The text of a failure {@link #signFailure} signed for this leg, or null if it is not so. */
  public String openFailure(long seq, int leg, int code, String message) {
    if (message == null || !message.startsWith("{")) {
      return null;
    }
    try {
      JsonObject signed = new JsonObject(message);
      if (signed.getValue(ERROR) instanceof String text
          && matches(failure(seq, leg, code, text), signed.getString(MAC))) {
        return text;
      }
    } catch (DecodeException | ClassCastException e) {
      // not a signed failure
    }
    return null;
  }

  /** A renewal of {@code token} asked at {@code ts}. */
  public String renewal(String token, long ts) {
    return start(RENEWAL).text(token).number(ts).finish();
  }

  /**
   * A job report (a live event or a history record, {@link JobReports}) put at {@code where}:
   * its text, number and time.
   */
  public String job(String where, String text, long seq, long ts) {
    return start(JOB).text(where).text(text).number(seq).number(ts).finish();
  }

  /** True when {@code mac} is {@code expected}, in time independent of where they differ. */
  public static boolean matches(String expected, String mac) {
    return mac != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        mac.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] label(String kind) {
    return ("taskbus/1 " + kind).getBytes(StandardCharsets.UTF_8);
  }

  private MessageAuth start(byte[] kind) {
    mac.reset();
    size = 0;
    return bytes(kind);
  }

  /** UTF-8, written straight into the fields for the usual ASCII names and ids. */
  private MessageAuth text(String value) {
    String text = value == null ? "" : value;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if (text.charAt(i) >= 0x80) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
      }
    }
    length(n);
    room(n);
    for (int i = 0; i < n; i++) {
      fields[size++] = (byte) text.charAt(i);
    }
    return this;
  }

  private MessageAuth bytes(byte[] value) {
    length(value.length);
    room(value.length);
    System.arraycopy(value, 0, fields, size, value.length);
    size += value.length;
    return this;
  }

  /** A body as it is, without copying it: a chunk or a reply may be megabytes. */
  private MessageAuth bytes(Buffer body) {
    length(body.length());
    flush();
    if (body instanceof BufferInternal internal) {
      ByteBuf bytes = internal.getByteBuf();
      if (bytes.hasArray()) {
        mac.update(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(),
            bytes.readableBytes());
      } else {
        mac.update(bytes.nioBuffer());
      }
    } else {
      mac.update(body.getBytes());
    }
    return this;
  }

  private void length(int n) {
    room(4);
    fields[size++] = (byte) (n >>> 24);
    fields[size++] = (byte) (n >>> 16);
    fields[size++] = (byte) (n >>> 8);
    fields[size++] = (byte) n;
  }

  private MessageAuth number(long value) {
    room(8);
    for (int i = 7; i >= 0; i--) {
      fields[size + i] = (byte) value;
      value >>>= 8;
    }
    size += 8;
    return this;
  }

  private void room(int n) {
    if (size + n > fields.length) {
      fields = java.util.Arrays.copyOf(fields, Math.max(fields.length * 2, size + n));
    }
  }

  /** The fields gathered so far go to the MAC in one update: many small ones cost more. */
  private void flush() {
    if (size > 0) {
      mac.update(fields, 0, size);
      size = 0;
    }
  }

  private String finish() {
    flush();
    return B64.encodeToString(mac.doFinal());
  }
}
