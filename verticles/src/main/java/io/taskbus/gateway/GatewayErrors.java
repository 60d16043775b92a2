package io.taskbus.gateway;

import io.taskbus.auth.ScramException;
import io.taskbus.client.AuthenticationException;
import io.taskbus.client.BadArgumentException;
import io.taskbus.client.ForbiddenException;
import io.taskbus.client.NoWorkersException;
import io.taskbus.client.TaskFailedException;
import io.taskbus.client.UnknownTaskException;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.ErrorInfo;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/** A failure as the protocol's error body: a stable code, its name, a message, what is known. */
final class GatewayErrors {

  private GatewayErrors() {
  }

  static JsonObject of(ErrorCode code, String message) {
    return new JsonObject().put("code", code.toInt()).put("name", code.name())
        .put("message", message == null ? "" : message);
  }

  static JsonObject of(Throwable error) {
    if (error instanceof TaskFailedException failed) {
      return of(ErrorCode.TASK_FAILED, failed.getMessage())
          .put("remoteType", failed.remoteType()).put("remoteMessage", failed.remoteMessage())
          .put("stack", failed.remoteStackTrace()).put("item", failed.index())
          .put("worker", failed.worker());
    }
    if (error instanceof ReplyException reply) {
      return fromReply(reply);
    }
    return of(codeOf(error), error.getMessage());
  }

  private static ErrorCode codeOf(Throwable error) {
    if (error instanceof AuthenticationException || error instanceof ScramException) {
      return ErrorCode.UNAUTHENTICATED;
    } else if (error instanceof ForbiddenException) {
      return ErrorCode.FORBIDDEN;
    } else if (error instanceof UnknownTaskException) {
      return ErrorCode.UNKNOWN_TASK;
    } else if (error instanceof BadArgumentException) {
      return ErrorCode.BAD_ARGUMENT;
    } else if (error instanceof TimeoutException) {
      return ErrorCode.TIMEOUT;
    } else if (error instanceof CancellationException) {
      return ErrorCode.CANCELLED;
    } else if (error instanceof NoWorkersException) {
      return ErrorCode.UNAVAILABLE;
    } else if (error instanceof IllegalArgumentException) {
      return ErrorCode.BAD_REQUEST;
    }
    return ErrorCode.TASK_FAILED;
  }

  /** An auth service's refusal (its code and text), or no answer at all. */
  private static JsonObject fromReply(ReplyException reply) {
    if (reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return of(ErrorCode.UNAVAILABLE, "the cluster did not answer: " + reply.getMessage());
    }
    ErrorInfo info = ErrorInfo.parse(reply.failureCode(), reply.getMessage());
    return of(info.code(), info.message());
  }
}
