package io.taskbus.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The JSON text form: {@link ChunkRequest} and {@link ReplyParts}. */
final class JsonWire implements WireCodec {

  @Override
  public String name() {
    return "json";
  }

  @Override
  public Buffer encodeRequest(String task, String job, long first,
      List<? extends List<?>> items, long timeoutMs) {
    return new ChunkRequest(task, job, first, new JsonArray(new ArrayList<>(items)), timeoutMs)
        .toJson().toBuffer();
  }

  @Override
  public DecodedChunk decodeRequest(Buffer body, String task) {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (RuntimeException e) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "undecodable body: " + e.getMessage());
    }
    return fromJson(json, task);
  }

  /** A chunk that came as a JSON object (the event bus decoded it). */
  static DecodedChunk fromJson(Object json, String task) {
    ChunkRequest request = ChunkRequest.fromJson(json, task);
    JsonArray args = request.args();
    List<List<Object>> items = new ArrayList<>(args.size());
    for (int i = 0; i < args.size(); i++) {
      JsonArray item = args.getJsonArray(i);
      List<Object> values = new ArrayList<>(item.size());
      for (int j = 0; j < item.size(); j++) {
        values.add(item.getValue(j));
      }
      items.add(values);
    }
    return new DecodedChunk(task, request.job(), request.first(), items, request.timeoutMs());
  }

  @Override
  public List<Buffer> encodeReply(List<Object> results, List<LogLine> logs, String worker,
      long micros, long first, int maxBytes) {
    JsonArray lines = new JsonArray();
    logs.forEach(l -> lines.add(new JsonArray().add(l.index()).add(l.line())));
    return ReplyParts.encode(new JsonArray(results), lines, worker, micros, first, maxBytes);
  }

  @Override
  public ReplyPart decodeReply(Buffer body) {
    JsonObject json = new JsonObject(body);
    if (!(json.getValue("results") instanceof JsonArray results)) {
      throw new IllegalArgumentException("a reply without results");
    }
    List<Object> values = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      values.add(results.getValue(i)); // nested objects and arrays as JsonObject, JsonArray
    }
    return new ReplyPart(values, logs(json.getValue("logs")), json.getString("worker"),
        json.getLong("micros", 0L), json.getBoolean("more", false));
  }

  /** {@code [[index, line], ...]}; entries of another shape are not a task's output. */
  private static List<LogLine> logs(Object json) {
    if (!(json instanceof JsonArray lines)) {
      return List.of();
    }
    List<LogLine> logs = new ArrayList<>(lines.size());
    for (Object entry : lines) {
      if (entry instanceof JsonArray pair && pair.size() == 2
          && pair.getValue(0) instanceof Number index && pair.getValue(1) instanceof String line) {
        logs.add(new LogLine(index.longValue(), line));
      }
    }
    return logs;
  }
}
