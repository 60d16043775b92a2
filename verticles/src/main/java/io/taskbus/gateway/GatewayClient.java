package io.taskbus.gateway;

import io.taskbus.auth.ScramClient;
import io.taskbus.auth.ScramException;
import io.taskbus.client.OutputLine;
import io.taskbus.client.Progress;
import io.taskbus.protocol.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A blocking client of a gateway (docs/GATEWAY.md) over a plain socket, without Vert.x's
 * threads: what the CLI uses when its conf names a gateway, so that a command costs a JVM's
 * start and a few round trips, not a cluster join. One job at a time; not thread-safe.
 */
public final class GatewayClient implements AutoCloseable {

  /** A refusal or a failed job, with the protocol's error body. */
  public static final class GatewayException extends IOException {
    private final transient JsonObject error;

    GatewayException(JsonObject error) {
      super(error.getString("message", "the gateway refused"));
      this.error = error;
    }

    public ErrorCode code() {
      return ErrorCode.fromInt(error.getInteger("code", ErrorCode.TASK_FAILED.toInt()));
    }

    public JsonObject error() {
      return error;
    }
  }

  private static final String REPLY = "r";
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private int jobs;

  private GatewayClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
  }

  public static GatewayClient connect(String host, int port, int timeoutMs) throws IOException {
    return connect(host, port, timeoutMs, null);
  }

  /**
   * @param caPem the CA (PEM) whose certificate the gateway's must chain to, with {@code host}
   *     among its names; null for a gateway without TLS
   */
  public static GatewayClient connect(String host, int port, int timeoutMs, Path caPem)
      throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), timeoutMs);
    if (caPem == null) {
      return new GatewayClient(socket);
    }
    SSLSocket tls = (SSLSocket) trusting(caPem).getSocketFactory()
        .createSocket(socket, host, port, true);
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name host
    tls.setSSLParameters(parameters);
    tls.startHandshake();
    return new GatewayClient(tls);
  }

  private static SSLContext trusting(Path caPem) throws IOException {
    try (InputStream in = Files.newInputStream(caPem)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca" + i++, ca);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(
          TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust " + caPem + ": " + e.getMessage(), e);
    }
  }

  /** Logs in with SCRAM-SHA-256: the password never leaves this process. */
  public JsonObject login(String user, String password) throws IOException {
    ScramClient scram = ScramClient.create(user, password);
    JsonObject challenge = request(GatewayConnection.LOGIN,
        new JsonObject().put("scram", scram.clientFirst()));
    JsonObject done = request(GatewayConnection.LOGIN, new JsonObject()
        .put("scram", scram.clientFinal(challenge.getString("scram"))));
    try {
      scram.verifyServerFinal(done.getString("scram"));
    } catch (ScramException e) {
      throw new GatewayException(GatewayErrors.of(ErrorCode.UNAUTHENTICATED,
          "the gateway's login answer does not prove the cluster's auth service: "
              + e.getMessage()));
    }
    return done;
  }

  /**
   * Runs a job of {@code kind} (map, starmap, apply) over {@code items} and waits for its
   * results, in input order.
   *
   * @throws GatewayException when the gateway refuses the job or the job fails
   */
  public List<Object> run(String kind, String task, JsonArray items) throws IOException {
    return run(kind, task, items, null, null);
  }

  /**
   * As {@link #run(String, String, JsonArray)}, telling {@code progress} the job's counts every
   * quarter of a second and once at its end, and {@code output} each line the items wrote, in
   * item order; either may be null.
   */
  public List<Object> run(String kind, String task, JsonArray items,
      Consumer<Progress> progress, Consumer<OutputLine> output) throws IOException {
    String job = String.valueOf(++jobs);
    request(GatewayConnection.SUBMIT, new JsonObject().put("job", job).put("kind", kind)
        .put("task", task).put("items", items).put("progress", progress != null)
        .put("output", output != null));
    List<Object> results = new ArrayList<>();
    while (true) {
      JsonObject event = event(job);
      if (progress != null && event.getValue("progress") instanceof JsonObject counts) {
        progress.accept(GatewayProgress.of(counts));
      }
      if (output != null && event.getValue("output") instanceof JsonObject line) {
        output.accept(new OutputLine(line.getLong("item", 0L), line.getString("line", "")));
      }
      if (event.getValue("error") instanceof JsonObject error) {
        throw new GatewayException(error);
      }
      if (event.getValue("results") instanceof JsonArray batch) {
        results.addAll(batch.getList());
        send(GatewayConnection.CREDIT, new JsonObject().put("job", job)
            .put("results", batch.size()), null);
      }
      if (Boolean.TRUE.equals(event.getValue("done"))) {
        return results;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private JsonObject request(String address, JsonObject body) throws IOException {
    send(address, body, REPLY);
    while (true) {
      JsonObject frame = read();
      if (REPLY.equals(frame.getValue("address"))) {
        if ("err".equals(frame.getValue("type"))) {
          throw refusal(frame);
        }
        return frame.getJsonObject("body", new JsonObject());
      }
      if ("err".equals(frame.getValue("type"))) {
        throw refusal(frame);
      }
      // an event of another job: this client runs one at a time, so there is none
    }
  }

  private JsonObject event(String job) throws IOException {
    while (true) {
      JsonObject frame = read();
      if ("err".equals(frame.getValue("type"))) {
        throw refusal(frame);
      }
      if (frame.getValue("body") instanceof JsonObject body && job.equals(body.getValue("job"))
          && GatewayConnection.OUT.equals(frame.getValue("address"))) {
        return body;
      }
    }
  }

  private static GatewayException refusal(JsonObject frame) {
    return new GatewayException(frame.getValue("body") instanceof JsonObject body ? body
        : GatewayErrors.of(ErrorCode.BAD_REQUEST, frame.getString("message")));
  }

  private void send(String address, JsonObject body, String replyAddress) throws IOException {
    JsonObject frame = new JsonObject().put("type", "send").put("address", address)
        .put("body", body);
    if (replyAddress != null) {
      frame.put("replyAddress", replyAddress);
    }
    byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
    out.writeInt(json.length);
    out.write(json);
    out.flush();
  }

  private JsonObject read() throws IOException {
    int length;
    try {
      length = in.readInt();
    } catch (EOFException e) {
      throw new IOException("the gateway closed the connection");
    }
    if (length <= 0 || length > 64 << 20) {
      throw new IOException("the gateway sent a frame of " + length + " bytes");
    }
    byte[] json = new byte[length];
    in.readFully(json);
    return new JsonObject(new String(json, StandardCharsets.UTF_8));
  }
}
