package io.taskbus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.taskbus.client.AuthenticationException;
import io.taskbus.client.BadArgumentException;
import io.taskbus.client.ForbiddenException;
import io.taskbus.client.NoWorkersException;
import io.taskbus.client.TaskFailedException;
import io.taskbus.client.UnknownTaskException;
import io.taskbus.protocol.WorkerInfo;
import io.taskbus.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {

  @Test
  void parse_jsonWhereItParses_textOtherwise() {
    assertThat(CliValues.parse("1")).isEqualTo(1);
    assertThat(CliValues.parse("2.5")).isEqualTo(2.5);
    assertThat(CliValues.parse("\"a\"")).isEqualTo("a");
    assertThat(CliValues.parse("a")).isEqualTo("a");
    assertThat(CliValues.parse("true")).isEqualTo(true);
    assertThat(CliValues.parse("null")).isNull();
    assertThat(CliValues.parse("[1,2]")).isEqualTo(new JsonArray().add(1).add(2));
    assertThat(CliValues.parse("{\"k\":1}")).isEqualTo(new JsonObject().put("k", 1));
    assertThat(CliValues.parse("1 2")).isEqualTo("1 2");
  }

  @Test
  void argLists_needAnArrayOfArrays() {
    assertThat(CliValues.argLists("[[1,4],[2,5]]")).containsExactly(List.of(1, 4), List.of(2, 5));
    assertThatThrownBy(() -> CliValues.argLists("[1,2]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("element 0");
    assertThatThrownBy(() -> CliValues.argLists("oops"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exitCodes_followTheFailureKind() {
    assertThat(ExitCodes.of(new TaskFailedException(0, "t", "X", "m", null, "w"))).isEqualTo(1);
    assertThat(ExitCodes.of(new UnknownTaskException("t"))).isEqualTo(2);
    assertThat(ExitCodes.of(new BadArgumentException(0, "m"))).isEqualTo(2);
    assertThat(ExitCodes.of(new IllegalArgumentException())).isEqualTo(2);
    assertThat(ExitCodes.of(new AuthenticationException("m"))).isEqualTo(3);
    assertThat(ExitCodes.of(new ForbiddenException("t", "m"))).isEqualTo(3);
    assertThat(ExitCodes.of(new NoWorkersException("m"))).isEqualTo(4);
    assertThat(ExitCodes.of(new TimeoutException())).isEqualTo(4);
  }

  private static int execute(PrintStream err, String... args) {
    CommandLine cli = TaskbusCli.commandLine();
    cli.setErr(new java.io.PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void usageErrors_exitTwoBeforeJoiningAnything() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(execute(stream, "map")).isEqualTo(2);
    assertThat(execute(stream, "frobnicate")).isEqualTo(2);
    assertThat(execute(stream, "apply", "--password", "x", "double", "1")).isEqualTo(2);
    PrintStream realErr = System.err;
    System.setErr(stream);
    try {
      assertThat(execute(stream, "starmap", "mul", "[1,2]")).isEqualTo(2);
    } finally {
      System.setErr(realErr);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required parameter")
        .contains("element 0 is not an array");
  }

  @Test
  void status_groupsWorkersByNode() {
    JsonObject status = StatusCommand.toStatus(List.of(
        new WorkerInfo("w1", "n1", "a1", 2, 4, List.of("double"), false, 1000),
        new WorkerInfo("w2", "n1", "a2", 3, 6, List.of("mul"), false, 1000),
        new WorkerInfo("w3", "n2", "a3", 1, 2, List.of("double"), false, 1000)));
    JsonArray nodes = status.getJsonArray("nodes");
    assertThat(nodes).hasSize(2);
    assertThat(nodes.getJsonObject(0)).isEqualTo(new JsonObject().put("id", "n1").put("slots", 5)
        .put("workers", 2).put("tasks", new JsonArray().add("double").add("mul")));
    assertThat(nodes.getJsonObject(1).getInteger("slots")).isEqualTo(1);
  }

  @Test
  void status_nodeIdsAndTaskNamesFromAnnouncements_printedWithoutControlCharacters() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StatusCommand.print(StatusCommand.toStatus(List.of(new WorkerInfo("w1", "n\u001b[2J1",
        "a1", 2, 4, List.of("dou\u0007ble", "e\u009bcho"), false, 1000))),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("1 node(s)"
        + System.lineSeparator() + "  n[2J1  slots=2  workers=1  tasks=double,echo"
        + System.lineSeparator());
  }

  /** Assumes TASKBUS_PASSWORD is not set in the test environment, as in CI. */
  @Test
  void user_withoutAPasswordOfItsOwn_failsBeforeJoining_neverSendsTheConfsPassword() {
    assumeTrue(System.getenv("TASKBUS_PASSWORD") == null);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    String conf = TestCluster.home().resolve("conf/client.json").toString();
    PrintStream realErr = System.err;
    System.setErr(stream);
    try {
      assertThat(execute(stream, "apply", "--conf", conf, "--user", "bob", "double", "1"))
          .isEqualTo(ExitCodes.BAD_INPUT);
    } finally {
      System.setErr(realErr);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("taskbus:"
        + " IllegalArgumentException: no password for user 'bob': set TASKBUS_PASSWORD (the"
        + " conf's pool.password is for its pool.username only)" + System.lineSeparator());
  }
}
