package io.taskbus.cli;

import io.taskbus.client.AuthenticationException;
import io.taskbus.client.BadArgumentException;
import io.taskbus.client.ForbiddenException;
import io.taskbus.client.NoWorkersException;
import io.taskbus.client.TaskFailedException;
import io.taskbus.client.TaskPoolException;
import io.taskbus.client.UnknownTaskException;
import io.taskbus.gateway.GatewayClient.GatewayException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeoutException;

/**
 * A gateway's refusal as the exception a cluster client would have had, so that the CLI prints
 * the same line and exits with the same code whichever way it ran the job.
 */
final class GatewayFailures {

  private GatewayFailures() {
  }

  static Exception of(GatewayException failure, String task) {
    JsonObject error = failure.error();
    String message = failure.getMessage();
    long item = error.getLong("item", 0L);
    return switch (failure.code()) {
      case UNKNOWN_TASK -> new UnknownTaskException(task);
      case FORBIDDEN -> new ForbiddenException(task, message);
      case UNAUTHENTICATED -> new AuthenticationException(message);
      case BAD_ARGUMENT -> new BadArgumentException(item, message);
      case BAD_REQUEST, TOO_LARGE -> new IllegalArgumentException(message);
      case UNAVAILABLE -> new NoWorkersException(message);
      case TIMEOUT -> new TimeoutException(message);
      case TASK_FAILED -> error.getValue("remoteType") instanceof String type
          ? new TaskFailedException(item, task, type, error.getString("remoteMessage"),
              error.getString("stack"), error.getString("worker"))
          : new TaskPoolException(message);
      default -> new TaskPoolException(message);
    };
  }
}
