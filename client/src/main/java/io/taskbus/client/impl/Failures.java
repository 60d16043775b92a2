package io.taskbus.client.impl;

import io.taskbus.client.AuthenticationException;
import io.taskbus.client.BadArgumentException;
import io.taskbus.client.ForbiddenException;
import io.taskbus.client.TaskFailedException;
import io.taskbus.client.TaskPoolException;
import io.taskbus.client.UnknownTaskException;
import io.taskbus.protocol.ErrorInfo;
import io.taskbus.protocol.ProtocolException;
import io.vertx.core.eventbus.ReplyException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/** Turns the protocol's failures into the client's exception types. */
final class Failures {

  private Failures() {
  }

  /** The client exception for a failed chunk request to {@code worker}. */
  static Throwable ofChunk(Throwable error, String task, String worker, int attempt) {
    if (error instanceof ProtocolException p) {
      return of(p.info(), task, attempt);
    }
    if (!(error instanceof ReplyException reply)) {
      return new RetryableFailure("sending to worker " + worker + " failed: " + error);
    }
    return switch (reply.failureType()) {
      case NO_HANDLERS -> new RetryableFailure("worker " + worker + " no longer takes chunks");
      case TIMEOUT -> new RetryableFailure("worker " + worker + " did not answer in time");
      default -> of(ErrorInfo.parse(reply.failureCode(), reply.getMessage()), task, attempt);
    };
  }

  /** The client exception for a protocol error (of a first attempt). */
  static Throwable of(ErrorInfo info, String task) {
    return of(info, task, 1);
  }

  /** The client exception for a protocol error of the {@code attempt}th sending. */
  static Throwable of(ErrorInfo info, String task, int attempt) {
    String message = info.message();
    return switch (info.code()) {
      case UNAUTHENTICATED -> new AuthenticationException(message);
      case RATE_LIMITED -> new AuthenticationException(message);
      case FORBIDDEN -> new ForbiddenException(task, message);
      case UNKNOWN_TASK -> new UnknownTaskException(task);
      case TIMEOUT -> new TimeoutException(message);
      case BAD_ARGUMENT -> new BadArgumentException(info.index(), message);
      case CANCELLED -> new CancellationException(message);
      case UNAVAILABLE, BUSY -> new Refused("worker " + info.worker() + ": " + message);
      case TOKEN_EXPIRED -> new AuthenticationException(message);
      // a result too large for any message: the item ran, and running it again would not help
      case TOO_LARGE -> info.index() >= 0
          ? new IllegalArgumentException("item " + info.index() + ": " + message)
          : new MessageTooLarge(message);
      case TASK_FAILED -> info.type() == null
          ? new TaskPoolException("task '" + task + "' failed: " + message)
          : new TaskFailedException(info.index(), task, info.type(), message, info.stack(),
              info.causes(), info.worker(), attempt, info.output());
      default -> new TaskPoolException("request refused: " + message);
    };
  }
}
