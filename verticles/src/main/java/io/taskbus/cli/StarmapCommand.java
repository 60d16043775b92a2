package io.taskbus.cli;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;

import io.taskbus.client.MapResult;
import io.taskbus.client.TaskPool;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "starmap",
    description = "Run TASK once per argument list of JSON (e.g. '[[1,4],[2,5]]').")
final class StarmapCommand extends JobCommand {

  @Parameters(index = "1", paramLabel = "JSON")
  String json;

  private List<List<?>> argLists;

  @Override
  void validate() {
    argLists = CliValues.argLists(json);
  }

  @Override
  String kind() {
    return "starmap";
  }

  @Override
  JsonArray items() {
    return new JsonArray(new ArrayList<>(argLists));
  }

  @Override
  MapResult<Object> start(TaskPool pool) {
    return pool.starmapAsync(task, argLists);
  }
}
