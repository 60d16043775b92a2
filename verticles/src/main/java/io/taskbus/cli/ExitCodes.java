package io.taskbus.cli;

import io.taskbus.client.AuthenticationException;
import io.taskbus.client.BadArgumentException;
import io.taskbus.client.ForbiddenException;
import io.taskbus.client.NoWorkersException;
import io.taskbus.client.UnknownTaskException;
import java.util.concurrent.TimeoutException;

/** The CLI's exit codes, and which failure gives which. */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int TASK_FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int REFUSED = 3;
  public static final int UNAVAILABLE = 4;

  private ExitCodes() {
  }

  public static int of(Throwable error) {
    if (error instanceof UnknownTaskException || error instanceof BadArgumentException
        || error instanceof IllegalArgumentException) {
      return BAD_INPUT;
    }
    if (error instanceof AuthenticationException || error instanceof ForbiddenException) {
      return REFUSED;
    }
    if (error instanceof NoWorkersException || error instanceof TimeoutException) {
      return UNAVAILABLE;
    }
    return TASK_FAILED;
  }
}
