package io.taskbus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskbus.client.TaskPool;
import io.taskbus.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** map, starmap and apply as the CLI runs them, against a worker node of 4 slots on loopback. */
@Timeout(60)
class CliJobTest {

  private static TestCluster cluster;
  private static TaskPool pool;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.empty(conf -> conf.getJsonObject("worker").put("poolSize", 4));
    cluster.addWorkerNode();
    pool = cluster.withClient().pool();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> !pool.workers().await(5, TimeUnit.SECONDS).isEmpty());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private record Run(int code, String out, String err) {
  }

  /** Runs {@code command} as picocli parses {@code args}, stderr no terminal. */
  private static Run run(ClientCommand command, String... args) throws Exception {
    new CommandLine(command).parseArgs(args);
    command.validate();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    command.errIsTerminal = () -> false;
    if (command instanceof JobCommand job) {
      job.progressEvery = Duration.ofMillis(50);
    }
    int code = command.run(pool, new PrintStream(out, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void map_stderrNotATerminal_printsPlainProgressLines_stdoutOnlyTheJson() throws Exception {
    String[] args = new String[25];
    args[0] = "sleep";
    java.util.Arrays.fill(args, 1, args.length, "60"); // 4 slots: 360 ms at least, one tick in
    Run run = run(new MapCommand(), args);

    assertThat(run.code()).isZero();
    assertThat(run.out()).isEqualTo(Collections.nCopies(24, 60).toString().replace(" ", "")
        + System.lineSeparator());
    List<String> lines = run.err().lines().toList();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
    assertThat(lines.subList(0, lines.size() - 1)).allSatisfy(line -> assertThat(line)
        .matches("taskbus: \\d+/24 items \\(\\d+%\\)(, [\\d.,]+ items/s(, ETA \\d+ s)?)?"));
    assertThat(lines.get(lines.size() - 1))
        .matches("taskbus: 24/24 items \\(100%\\) in \\d+\\.\\d s, [\\d.,]+ items/s");
    assertThat(run.err().replace(System.lineSeparator(), "")).doesNotMatch("(?s).*\\p{Cntrl}.*");
  }

  @Test
  void map_noProgress_printsNothingOnStderr() throws Exception {
    Run run = run(new MapCommand(), "--no-progress", "double", "1", "2", "3");
    assertThat(run.out()).isEqualTo("[2,4,6]" + System.lineSeparator());
    assertThat(run.err()).isEmpty();
  }

  @Test
  void starmap_showOutput_printsEachItemsLinesInItemOrder_thoughLaterItemsEndFirst()
      throws Exception {
    Run run = run(new StarmapCommand(), "--show-output", "--no-progress", "talk",
        "[[600,\"zero\"],[400,\"one\"],[200,\"two\"],[0,\"three\"]]");

    JsonArray endedAt = new JsonArray(run.out());
    assertThat(endedAt.getLong(3)).as("the last item ended first").isLessThan(endedAt.getLong(0));
    assertThat(run.err().lines()).containsExactly(
        "[0] zero", "[0] log 0", "[0] tail 0",
        "[1] one", "[1] log 1", "[1] tail 1",
        "[2] two", "[2] log 2", "[2] tail 2",
        "[3] three", "[3] log 3", "[3] tail 3");
  }

  @Test
  void apply_showOutput_stripsControlCharactersButTabs() throws Exception {
    String hostile = "\u001b]0;pwned\u0007red\u001b[31m\tover\rwrite\u009b2J";
    Run run = run(new ApplyCommand(), "--show-output", "talk", "0", hostile);
    assertThat(run.code()).isZero();
    assertThat(run.err().lines()).containsExactly("[0] ]0;pwnedred[31m\toverwrite2J",
        "[0] log 0", "[0] tail 0");
  }

  @Test
  void apply_remoteErrorWithEscapesAndBells_reportedOnOneLineWithoutThem() throws Exception {
    String hostile = "bad\u001b]0;pwned\u0007 \u001b[2Jthing\nnext\u009b";
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      run(new ApplyCommand(), "fail", hostile);
      throw new AssertionError("the task should have failed");
    } catch (Exception e) {
      code = ClientCommand.report(e, new PrintStream(err, true, StandardCharsets.UTF_8));
    }
    assertThat(code).isEqualTo(ExitCodes.TASK_FAILED);
    String shown = err.toString(StandardCharsets.UTF_8);
    assertThat(shown).endsWith("java.lang.IllegalStateException: bad]0;pwned [2Jthing next"
        + System.lineSeparator()).startsWith("taskbus: TaskFailedException: task 'fail'");
    assertThat(shown.strip()).doesNotMatch("(?s).*\\p{Cntrl}.*").doesNotContain("\tat ");
  }

  @Test
  void apply_resultWithC1Controls_printedAsJsonEscapes_sameValue() throws Exception {
    String sneaky = "a\u009b2J\u007fb\u001b";
    Run run = run(new ApplyCommand(), "echo", io.vertx.core.json.Json.encode(sneaky));
    assertThat(run.out()).isEqualTo("\"a\\u009b2J\\u007fb\\u001B\"" + System.lineSeparator());
    assertThat(io.vertx.core.json.Json.decodeValue(run.out())).isEqualTo(sneaky);
  }
}
