package io.taskbus.cli;

import io.vertx.core.json.JsonArray;

import io.taskbus.client.MapResult;
import io.taskbus.client.TaskPool;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "map", description = "Run TASK once per ARG; print the ordered results as JSON.")
final class MapCommand extends JobCommand {

  @Parameters(index = "1..*", paramLabel = "ARG", description = "items, as JSON where they parse")
  List<String> args = List.of();

  @Override
  String kind() {
    return "map";
  }

  @Override
  JsonArray items() {
    return new JsonArray(CliValues.parseAll(args));
  }

  @Override
  MapResult<Object> start(TaskPool pool) {
    return pool.mapAsync(task, CliValues.parseAll(args));
  }
}
