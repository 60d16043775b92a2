package io.taskbus.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A chunk's reply as JSON text in messages that each fit the limit: one
 * {@code {results, logs, worker, micros}} when it fits, else parts of consecutive results,
 * each but the last marked {@code more: true}, the logs in the last. The results are all
 * there already, so nothing is run again for a size problem; only a single result that no
 * message can carry fails, naming its item (a {@link ErrorCode#TOO_LARGE} with an index).
 */
public final class ReplyParts {

  private ReplyParts() {
  }

  /**
   * @param first the job index of the first result
   * @param logs {@code [[index, line], ...]}, small enough to fit a part beside some results
   * @throws ProtocolException {@link ErrorCode#TOO_LARGE} naming the item whose result alone
   *     does not fit in a message
   */
  public static List<Buffer> encode(JsonArray results, JsonArray logs, String worker,
      long micros, long first, int maxBytes) {
    Buffer whole = new ChunkReply(results, logs, worker, micros).toJson().toBuffer();
    if (whole.length() <= maxBytes) {
      return List.of(whole);
    }
    Buffer more = tail(new JsonArray(), worker, 0, true);
    Buffer last = tail(logs, worker, micros, false);
    int head = "{\"results\":[".length();
    List<Buffer> parts = new ArrayList<>();
    Buffer part = null;
    for (int i = 0; i < results.size(); i++) {
      Buffer value = Json.CODEC.toBuffer(results.getValue(i), false);
      if (head + value.length() + last.length() > maxBytes) {
        throw new ProtocolException(new ErrorInfo(ErrorCode.TOO_LARGE, first + i, null, null,
            "the result of item " + (first + i) + " encodes to " + value.length()
            + " bytes, over this worker's maxMessageBytes of " + maxBytes, null, null, worker));
      }
      if (part != null && part.length() + 1 + value.length() + last.length() > maxBytes) {
        parts.add(part.appendBuffer(more));
        part = null;
      }
      part = part == null ? Buffer.buffer().appendString("{\"results\":[")
          : part.appendByte((byte) ',');
      part.appendBuffer(value);
    }
    parts.add((part == null ? Buffer.buffer("{\"results\":[") : part).appendBuffer(last));
    return parts;
  }

  /** {@code ],"logs":...}}: what closes a part's results array and the part. */
  private static Buffer tail(JsonArray logs, String worker, long micros, boolean more) {
    JsonObject rest = new JsonObject().put("logs", logs).put("worker", worker)
        .put("micros", micros);
    if (more) {
      rest.put("more", true);
    }
    String json = rest.encode();
    return Buffer.buffer("],").appendString(json.substring(1));
  }
}
