package io.taskbus.protocol;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A failure as data: the message of a protocol {@code ReplyException} is this record as JSON,
 * so a remote exception arrives whole even when its class is not on the client's classpath.
 *
 * @param index the item's index in the job, or -1 when the failure is not an item's
 * @param type the remote exception's class name, or null
 * @param stack the remote stack trace with its causes, or null
 */
public record ErrorInfo(ErrorCode code, long index, String task, String type, String message,
                        String stack, String worker) {

  public static ErrorInfo of(ErrorCode code, String message) {
    return new ErrorInfo(code, -1, null, null, message, null, null);
  }

  public static ErrorInfo of(ErrorCode code, long index, String task, Throwable error) {
    return new ErrorInfo(code, index, task, error.getClass().getName(),
        String.valueOf(error.getMessage()), stackOf(error), null);
  }

  public ErrorInfo withWorker(String worker) {
    return new ErrorInfo(code, index, task, type, message, stack, worker);
  }

  public JsonObject toJson() {
    return new JsonObject().put("code", code.toInt()).put("index", index).put("task", task)
        .put("type", type).put("message", message).put("stack", stack).put("worker", worker);
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
      return new ErrorInfo(c, json.getLong("index", -1L), json.getString("task"),
          json.getString("type"), json.getString("message"), json.getString("stack"),
          json.getString("worker"));
    } catch (DecodeException | ClassCastException e) {
      return of(c, text);
    }
  }

  private static String stackOf(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
