package io.taskbus.gateway;

import io.taskbus.auth.ScramClient;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A test's raw connection to a gateway: frames out, frames in, each wait bounded. */
final class FrameClient implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  FrameClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    in = new DataInputStream(socket.getInputStream());
    out = new DataOutputStream(socket.getOutputStream());
  }

  /** Logs in as {@code user} and returns this client. */
  FrameClient login(String user, String password) throws IOException {
    ScramClient scram = ScramClient.create(user, password);
    send(GatewayConnection.LOGIN, new JsonObject().put("scram", scram.clientFirst()), "l");
    JsonObject challenge = nextOn("l");
    send(GatewayConnection.LOGIN, new JsonObject()
        .put("scram", scram.clientFinal(challenge.getJsonObject("body").getString("scram"))), "l");
    scram.verifyServerFinal(nextOn("l").getJsonObject("body").getString("scram"));
    return this;
  }

  void send(String address, JsonObject body, String replyAddress) throws IOException {
    JsonObject frame = new JsonObject().put("type", "send").put("address", address)
        .put("body", body);
    if (replyAddress != null) {
      frame.put("replyAddress", replyAddress);
    }
    write(frame.encode());
  }

  void write(String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
    out.flush();
  }

  /** The next frame, or null when none comes within {@code timeoutMs}. */
  JsonObject next(int timeoutMs) throws IOException {
    socket.setSoTimeout(timeoutMs);
    try {
      int length = in.readInt();
      byte[] json = new byte[length];
      in.readFully(json);
      return new JsonObject(new String(json, StandardCharsets.UTF_8));
    } catch (SocketTimeoutException e) {
      return null;
    }
  }

  /** True when the gateway closes the connection within {@code timeoutMs}, sending nothing. */
  boolean closedWithin(int timeoutMs) throws IOException {
    socket.setSoTimeout(timeoutMs);
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  /** The next frame to {@code address}, skipping others; fails after 20 s. */
  JsonObject nextOn(String address) throws IOException {
    while (true) {
      JsonObject frame = next(20_000);
      if (frame == null) {
        throw new IOException("nothing came to " + address + " within 20 s");
      }
      if (address.equals(frame.getValue("address"))) {
        return frame;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
