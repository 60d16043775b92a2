package io.taskbus.cli;

import io.taskbus.client.TaskPool;
import io.vertx.core.json.Json;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "apply", description = "Run TASK once with the ARGs; print its result as JSON.")
final class ApplyCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "TASK")
  String task;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "arguments, JSON where they parse")
  List<String> args = List.of();

  @Override
  int run(TaskPool pool, PrintStream out) throws Exception {
    Object result = pool.apply(task, CliValues.parseAll(args).toArray());
    out.println(Json.encode(result));
    return ExitCodes.OK;
  }
}
