package io.taskbus.cli;

import io.taskbus.client.MapResult;
import io.taskbus.client.TaskPool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code map} and {@code starmap}: a job over many items, its progress on stderr while it runs
 * (a bar on a terminal, else a plain line every few seconds), its results on stdout as one JSON
 * array.
 */
abstract class JobCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "TASK")
  String task;

  @Option(names = "--no-progress", description = "show no progress on stderr (by default a bar"
      + " on a terminal, else a line every few seconds and a last one)")
  boolean noProgress;

  @Option(names = "--show-output", description = "print the lines the items wrote on stderr, in"
      + " item order, as [ITEM] line (control characters removed)")
  boolean showOutput;

  /** How often a plain progress line is printed; tests shorten it. */
  Duration progressEvery = Duration.ofSeconds(5);

  /** Starts the job. */
  abstract MapResult<Object> start(TaskPool pool);

  @Override
  String task() {
    return task;
  }

  @Override
  int run(TaskPool pool, PrintStream out) throws Exception {
    ProgressMode mode = ProgressMode.choose(noProgress, errIsTerminal);
    ProgressView view = ProgressView.of(mode, task, err, progressEvery);
    List<Object> results = new JobWatch(view, showOutput).await(start(pool));
    out.println(TerminalText.json(results));
    return ExitCodes.OK;
  }
}
