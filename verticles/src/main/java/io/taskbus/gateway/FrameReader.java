package io.taskbus.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Cuts a connection's bytes into the bridge's frames: a 4-byte big-endian length, then that many
 * bytes of a JSON object. The length is checked before any of the frame is kept, so a client
 * that announces 2 GB costs nothing (Vert.x's own bridge buffers whatever it is told). After a
 * refusal it reads nothing more: the connection is closed.
 */
final class FrameReader {

  /** What a connection does with its frames. */
  interface Frames {
    void frame(JsonObject frame);

    /** The stream is not frames; {@code why} says how. */
    void refuse(String why);
  }

  private final int maxFrameBytes;
  private final Frames frames;
  private Buffer pending = Buffer.buffer();
  private int expected = -1;
  private boolean refused;

  FrameReader(int maxFrameBytes, Frames frames) {
    this.maxFrameBytes = maxFrameBytes;
    this.frames = frames;
  }

  /** Bytes as they arrive: each whole frame goes on at once, in order. */
  void feed(Buffer bytes) {
    if (refused) {
      return;
    }
    pending.appendBuffer(bytes);
    int at = 0;
    while (!refused) {
      if (expected < 0) {
        if (pending.length() - at < 4) {
          break;
        }
        long length = pending.getUnsignedInt(at);
        at += 4;
        if (length == 0 || length > maxFrameBytes) {
          refuse("a frame of " + length + " bytes: frames are 1 to " + maxFrameBytes + " bytes");
          return;
        }
        expected = (int) length;
      }
      if (pending.length() - at < expected) {
        break;
      }
      Buffer body = pending.getBuffer(at, at + expected);
      at += expected;
      expected = -1;
      parse(body);
    }
    if (!refused && at > 0) {
      pending = pending.getBuffer(at, pending.length());
    }
  }

  private void parse(Buffer body) {
    Object value;
    try {
      value = body.toJsonValue();
    } catch (DecodeException e) {
      refuse("a frame that is not JSON");
      return;
    }
    if (value instanceof JsonObject frame) {
      frames.frame(frame);
    } else {
      refuse("a frame that is not a JSON object");
    }
  }

  private void refuse(String why) {
    refused = true;
    pending = Buffer.buffer();
    frames.refuse(why);
  }
}
