package io.taskbus.protocol;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A failure as data: the message of a protocol {@code ReplyException} is this record as JSON,
 * so a remote exception arrives whole even when its class is not on the client's classpath.
 *
 * @param index the item's index in the job, or -1 when the failure is not an item's
 * @param type the remote exception's class name, or null
 * @param stack the remote stack trace with its causes, or null
 * @param causes the cause chain below the exception, each as {@code "type: message"}
 * @param output the last lines the failed item wrote (at most {@link #MAX_OUTPUT_LINES}), so
 *     that its failure says what it printed: the rest of its chunk's output is not sent
 */
public record ErrorInfo(ErrorCode code, long index, String task, String type, String message,
                        String stack, List<String> causes, String worker, List<String> output) {

  /** Causes deeper than this are left out (the stack still shows them). */
  private static final int MAX_CAUSES = 16;
  /** A failed item's output travels with its failure up to this many lines of this length. */
  public static final int MAX_OUTPUT_LINES = 20;
  public static final int MAX_OUTPUT_CHARS = 500;

  public ErrorInfo {
    causes = causes == null ? List.of() : List.copyOf(causes);
    output = output == null ? List.of() : List.copyOf(output);
  }

  public ErrorInfo(ErrorCode code, long index, String task, String type, String message,
      String stack, List<String> causes, String worker) {
    this(code, index, task, type, message, stack, causes, worker, List.of());
  }

  public static ErrorInfo of(ErrorCode code, String message) {
    return new ErrorInfo(code, -1, null, null, message, null, null, null);
  }

  public static ErrorInfo of(ErrorCode code, long index, String task, Throwable error) {
    return new ErrorInfo(code, index, task, error.getClass().getName(),
        String.valueOf(error.getMessage()), stackOf(error), causesOf(error), null);
  }

  public ErrorInfo withWorker(String worker) {
    return new ErrorInfo(code, index, task, type, message, stack, causes, worker, output);
  }

  /** The same failure with the item's last output lines (bounded, each cut). */
  public ErrorInfo withOutput(List<String> lines) {
    List<String> kept = new ArrayList<>();
    for (int i = Math.max(0, lines.size() - MAX_OUTPUT_LINES); i < lines.size(); i++) {
      String line = lines.get(i);
      kept.add(line.length() <= MAX_OUTPUT_CHARS ? line
          : line.substring(0, MAX_OUTPUT_CHARS) + "...");
    }
    return new ErrorInfo(code, index, task, type, message, stack, causes, worker, kept);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("code", code.toInt()).put("index", index)
        .put("task", task).put("type", type).put("message", message).put("stack", stack)
        .put("causes", new JsonArray(causes)).put("worker", worker);
    return output.isEmpty() ? json : json.put("output", new JsonArray(output));
  }

  /** Reads a failure message; a message that is not ours becomes a plain error of {@code code}. */
  public static ErrorInfo parse(int code, String text) {
    ErrorCode known = ErrorCode.fromInt(code);
    ErrorCode c = known == null ? ErrorCode.TASK_FAILED : known;
    if (text == null || !text.startsWith("{")) {
      return of(c, text);
    }
    try {
      JsonObject json = new JsonObject(text);
      JsonArray causes = json.getJsonArray("causes", new JsonArray());
      JsonArray output = json.getJsonArray("output", new JsonArray());
      return new ErrorInfo(c, json.getLong("index", -1L), json.getString("task"),
          json.getString("type"), json.getString("message"), json.getString("stack"),
          causes.stream().map(String::valueOf).toList(), json.getString("worker"))
          .withOutput(output.stream().map(String::valueOf).toList());
    } catch (DecodeException | ClassCastException e) {
      return of(c, text);
    }
  }

  private static List<String> causesOf(Throwable error) {
    List<String> causes = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(error);
    for (Throwable c = error.getCause(); c != null && seen.add(c) && causes.size() < MAX_CAUSES;
        c = c.getCause()) {
      causes.add(c.getClass().getName() + ": " + c.getMessage());
    }
    return causes;
  }

  private static String stackOf(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
