package io.taskbus.protocol;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary form of chunks and replies ({@link BinaryValues} for the values). A chunk:
 * magic {@code TB}, version, {@code Q}, task, job, first, time limit, then the items: for a map
 * (one argument each) the list of arguments, so a chunk of ints is one int array; else the list
 * of argument lists. A reply: magic, version, {@code R}, worker, micros, more, the results,
 * the logs.
 */
final class BinaryWire implements WireCodec {

  private static final byte T = 'T';
  private static final byte B = 'B';
  private static final byte VERSION = 1;
  private static final byte REQUEST = 'Q';
  private static final byte REPLY = 'R';
  private static final byte SINGLE_ARGUMENTS = 0;
  private static final byte ARGUMENT_LISTS = 1;

  static boolean isBinary(Buffer body) {
    return body.length() >= 4 && body.getByte(0) == T && body.getByte(1) == B;
  }

  @Override
  public String name() {
    return "binary";
  }

  @Override
  public Buffer encodeRequest(String task, String job, long first,
      List<? extends List<?>> items, long timeoutMs) {
    Buffer out = header(REQUEST, 64 + 5 * items.size());
    BinaryValues.writeString(out, task);
    BinaryValues.writeString(out, job);
    out.appendLong(first).appendLong(timeoutMs);
    if (items instanceof SingleArguments singles) {
      out.appendByte(SINGLE_ARGUMENTS);
      BinaryValues.writeList(out, singles.values());
    } else if (singleArguments(items)) {
      out.appendByte(SINGLE_ARGUMENTS);
      List<Object> arguments = new ArrayList<>(items.size());
      for (List<?> item : items) {
        arguments.add(item.get(0));
      }
      BinaryValues.writeList(out, arguments);
    } else {
      out.appendByte(ARGUMENT_LISTS);
      BinaryValues.writeList(out, items);
    }
    return out;
  }

  private static boolean singleArguments(List<? extends List<?>> items) {
    for (List<?> item : items) {
      if (item.size() != 1) {
        return false;
      }
    }
    return true;
  }

  @Override
  public DecodedChunk decodeRequest(Buffer body, String task) {
    BinaryValues.Reader in = open(body, REQUEST);
    String bodyTask = in.readString();
    String job = in.readString();
    long first = in.readLong();
    long timeoutMs = in.readLong();
    byte shape = in.readByte();
    if (!bodyTask.equals(task)) {
      throw bad("the body's task differs from the task header");
    }
    if (first < 0 || timeoutMs < 0) {
      throw bad("first and timeoutMs must be >= 0");
    }
    List<Object> values = in.readList();
    if (!in.atEnd()) {
      throw bad("bytes after the items");
    }
    List<List<Object>> items;
    if (shape == SINGLE_ARGUMENTS) {
      items = new SingleArguments(values);
    } else if (shape == ARGUMENT_LISTS) {
      items = new ArrayList<>(values.size());
      for (Object item : values) {
        if (!(item instanceof io.vertx.core.json.JsonArray args)) {
          throw bad("every item must be a list of arguments");
        }
        items.add(args.getList());
      }
    } else {
      throw bad("unknown item shape " + shape);
    }
    return new DecodedChunk(task, job, first, items, timeoutMs);
  }

  @Override
  public List<Buffer> encodeReply(List<Object> results, List<LogLine> logs, String worker,
      long micros, long first, int maxBytes) {
    Buffer whole = reply(results, logs, worker, micros, false);
    if (whole.length() <= maxBytes) {
      return List.of(whole);
    }
    int fixed = reply(List.of(), logs, worker, micros, false).length();
    List<Buffer> parts = new ArrayList<>();
    int start = 0;
    long size = 0;
    for (int i = 0; i < results.size(); i++) {
      Buffer value = Buffer.buffer();
      BinaryValues.write(value, results.get(i));
      if (fixed + value.length() > maxBytes) {
        throw new ProtocolException(new ErrorInfo(ErrorCode.TOO_LARGE, first + i, null, null,
            "the result of item " + (first + i) + " encodes to " + value.length()
            + " bytes, over this worker's maxMessageBytes of " + maxBytes, null, null, worker));
      }
      if (i > start && fixed + size + value.length() > maxBytes) {
        parts.add(reply(results.subList(start, i), List.of(), worker, 0, true));
        start = i;
        size = 0;
      }
      size += value.length();
    }
    parts.add(reply(results.subList(start, results.size()), logs, worker, micros, false));
    return parts;
  }

  private static Buffer reply(List<Object> results, List<LogLine> logs, String worker,
      long micros, boolean more) {
    Buffer out = header(REPLY, 64 + 5 * results.size());
    BinaryValues.writeString(out, worker);
    out.appendLong(micros).appendByte(more ? (byte) 1 : 0);
    BinaryValues.writeList(out, results);
    out.appendInt(logs.size());
    for (LogLine log : logs) {
      out.appendLong(log.index());
      BinaryValues.writeString(out, log.line());
    }
    return out;
  }

  @Override
  public ReplyPart decodeReply(Buffer body) {
    BinaryValues.Reader in = open(body, REPLY);
    String worker = in.readString();
    long micros = in.readLong();
    boolean more = in.readByte() != 0;
    List<Object> results = in.readList();
    int count = in.atEnd() ? 0 : in.readInt();
    // each line takes at least 9 bytes: a count beyond the body's length is a lie
    if (count < 0 || count > body.length() / 9) {
      throw new IllegalArgumentException("a reply claims " + count + " log lines");
    }
    List<LogLine> logs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      logs.add(new LogLine(in.readLong(), in.readString()));
    }
    return new ReplyPart(results, logs, worker, micros, more);
  }

  private static Buffer header(byte kind, int sizeHint) {
    return Buffer.buffer(sizeHint).appendByte(T).appendByte(B).appendByte(VERSION)
        .appendByte(kind);
  }

  private static BinaryValues.Reader open(Buffer body, byte kind) {
    if (!isBinary(body) || body.getByte(2) != VERSION || body.getByte(3) != kind) {
      throw bad("not a version " + VERSION + " " + (kind == REQUEST ? "chunk" : "reply"));
    }
    return new BinaryValues.Reader(body, 4);
  }

  private static ProtocolException bad(String message) {
    return new ProtocolException(ErrorCode.BAD_REQUEST, "malformed binary chunk: " + message);
  }
}
