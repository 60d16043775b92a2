package io.taskbus.cli;

import io.taskbus.client.TaskPool;
import io.vertx.core.json.Json;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "starmap",
    description = "Run TASK once per argument list of JSON (e.g. '[[1,4],[2,5]]').")
final class StarmapCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "TASK")
  String task;

  @Parameters(index = "1", paramLabel = "JSON")
  String json;

  private List<List<?>> argLists;

  @Override
  void validate() {
    argLists = CliValues.argLists(json);
  }

  @Override
  int run(TaskPool pool, PrintStream out) throws Exception {
    List<Object> results = pool.starmap(task, argLists);
    out.println(Json.encode(results));
    return ExitCodes.OK;
  }
}
