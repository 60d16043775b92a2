package io.taskbus.cli;

import io.taskbus.client.MapResult;
import io.taskbus.client.Progress;
import io.taskbus.gateway.GatewayClient;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
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

  /** The job's kind in the gateway's protocol ({@code map}, {@code starmap}). */
  abstract String kind();

  /** The job's items as the gateway takes them. */
  abstract JsonArray items();

  /** The job through a gateway, its progress shown as in the cluster. */
  @Override
  Object viaGateway(GatewayClient gateway) throws IOException {
    ProgressView view = ProgressView.of(ProgressMode.choose(noProgress, errIsTerminal), task,
        err, progressEvery);
    Progress[] last = {new Progress(0, -1, 0, 0, 0, 0)};
    try {
      return gateway.run(kind(), task, items(), progress -> {
        last[0] = progress;
        view.update(progress);
      }, !showOutput ? null : line -> view.print(TerminalText.of(line)));
    } finally {
      view.finish(last[0]);
    }
  }

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
