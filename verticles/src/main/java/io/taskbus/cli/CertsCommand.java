package io.taskbus.cli;

import io.taskbus.node.DevCertificates;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "certs", description = "Make development certificates for event-bus TLS: a CA"
    + " and node certificates for 127.0.0.1 (PEM). Not for production.")
final class CertsCommand implements Callable<Integer> {

  @Option(names = "--out", paramLabel = "DIR", description = "where to write them"
      + " (default ${DEFAULT-VALUE})")
  Path out = Path.of("certs");

  @Option(names = "--node", paramLabel = "NAME", description = "a node certificate to make"
      + " (repeatable; default: node)")
  List<String> nodes = List.of("node");

  @Override
  public Integer call() throws Exception {
    DevCertificates.create(out, nodes);
    System.out.println("wrote " + out.resolve("ca.pem") + " and, for each node, NAME-key.pem and"
        + " NAME-cert.pem; set cluster.tls {keyPath, certPath, caPath} in each node's conf");
    return ExitCodes.OK;
  }
}
