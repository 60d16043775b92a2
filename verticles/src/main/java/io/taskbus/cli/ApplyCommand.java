package io.taskbus.cli;

import io.taskbus.gateway.GatewayClient;
import io.vertx.core.json.JsonArray;
import java.io.IOException;

import io.taskbus.client.TaskPool;
import io.taskbus.client.TaskResult;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apply", description = "Run TASK once with the ARGs; print its result as JSON.")
final class ApplyCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "TASK")
  String task;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "arguments, JSON where they parse")
  List<String> args = List.of();

  @Option(names = "--show-output", description = "print the lines the task wrote on stderr, as"
      + " [0] line (control characters removed)")
  boolean showOutput;

  @Override
  String task() {
    return task;
  }

  @Override
  Object viaGateway(GatewayClient gateway) throws IOException {
    return gateway.run("apply", task, new JsonArray().add(new JsonArray(CliValues.parseAll(args))),
        null, !showOutput ? null : line -> err.println(TerminalText.of(line))).get(0);
  }

  @Override
  int run(TaskPool pool, PrintStream out) throws Exception {
    TaskResult<Object> call = pool.applyAsync(task, CliValues.parseAll(args).toArray());
    Object result;
    try {
      result = call.get();
    } finally { // what it wrote before it failed helps to see why
      if (showOutput) {
        call.output().forEach(line -> err.println(TerminalText.of(line)));
      }
    }
    out.println(TerminalText.json(result));
    return ExitCodes.OK;
  }
}
