package io.taskbus.cli;

import io.taskbus.client.TaskPool;
import io.vertx.core.json.Json;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "map", description = "Run TASK once per ARG; print the ordered results as JSON.")
final class MapCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "TASK")
  String task;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "items, as JSON where they parse")
  List<String> args = List.of();

  @Override
  int run(TaskPool pool, PrintStream out) throws Exception {
    List<Object> results = pool.map(task, CliValues.parseAll(args));
    out.println(Json.encode(results));
    return ExitCodes.OK;
  }
}
