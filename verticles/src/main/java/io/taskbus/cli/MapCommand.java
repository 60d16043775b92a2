package io.taskbus.cli;

import io.taskbus.gateway.GatewayClient;
import io.vertx.core.json.JsonArray;
import java.io.IOException;

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
  Object viaGateway(GatewayClient gateway) throws IOException {
    return gateway.run("map", task, new JsonArray(CliValues.parseAll(args)));
  }

  @Override
  MapResult<Object> start(TaskPool pool) {
    return pool.mapAsync(task, CliValues.parseAll(args));
  }
}
