package io.taskbus.auth;

import java.security.MessageDigest;
import java.util.Map;

/**
 * The client's side of one SCRAM-SHA-256 exchange: client-first, then client-final from the
 * server-first, then the server's signature checked before anything the server sent is trusted.
 * The password never leaves this object; what is sent proves knowledge of it for this exchange
 * only. Single use, not thread-safe.
 */
public final class ScramClient {

  private final String password;
  private final String clientFirstBare;
  private final String clientNonce;
  private String authMessage;
  private byte[] clientKey;
  private byte[] serverSignature;
  private byte[] sessionKey;

  ScramClient(String username, String password, String clientNonce) {
    this.password = password;
    this.clientNonce = clientNonce;
    this.clientFirstBare = "n=" + Scram.escape(username) + ",r=" + clientNonce;
  }

  public static ScramClient create(String username, String password) {
    return new ScramClient(username, password, Scram.nonce());
  }

  public String clientFirst() {
    return Scram.GS2_HEADER + clientFirstBare;
  }

  /**
   * The proof for the server's challenge.
   *
   * @throws ScramException when the challenge is malformed, does not extend this client's nonce,
   *     or asks for fewer than {@value Scram#MIN_ITERATIONS} or more than
   *     {@value Scram#MAX_ITERATIONS} iterations
   */
  public String clientFinal(String serverFirst) {
    Map<Character, String> a = Scram.attributes(serverFirst);
    String nonce = Scram.required(a, 'r');
    if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
      throw new ScramException("the server's nonce does not extend the client's");
    }
    int iterations = iterations(Scram.required(a, 'i'));
    byte[] salted = Scram.saltedPassword(password, Scram.unb64(Scram.required(a, 's')),
        iterations);
    String withoutProof = "c=" + Scram.b64(Scram.bytes(Scram.GS2_HEADER)) + ",r=" + nonce;
    authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
    clientKey = Scram.clientKey(salted);
    byte[] signature = Scram.hmac(Scram.sha256(clientKey), Scram.bytes(authMessage));
    serverSignature = Scram.hmac(Scram.serverKey(salted), Scram.bytes(authMessage));
    return withoutProof + ",p=" + Scram.b64(Scram.xor(clientKey, signature));
  }

  /**
   * Checks the server's signature, in constant time: only a server that holds this user's keys
   * can make it. Afterwards {@link #open} reads what the server sealed for this exchange.
   *
   * @throws ScramException when the server reports an error or its signature is wrong
   */
  public void verifyServerFinal(String serverFinal) {
    if (serverSignature == null) {
      throw new IllegalStateException("clientFinal first");
    }
    Map<Character, String> a = Scram.attributes(serverFinal);
    if (a.containsKey('e')) {
      throw new ScramException("the server refused the login: " + a.get('e'));
    }
    if (!MessageDigest.isEqual(Scram.unb64(Scram.required(a, 'v')), serverSignature)) {
      throw new ScramException("the auth service's signature is wrong: it does not hold this"
          + " user's keys (a fake auth service on the cluster?)");
    }
    sessionKey = Scram.sessionKey(clientKey, authMessage);
  }

  /** What the verified server sealed under this exchange's session key. */
  public String open(String sealed) {
    if (sessionKey == null) {
      throw new IllegalStateException("verifyServerFinal first");
    }
    return Scram.open(sessionKey, sealed);
  }

  /** The key this exchange shares with the auth service only; after {@link #verifyServerFinal}. */
  public byte[] sessionKey() {
    if (sessionKey == null) {
      throw new IllegalStateException("verifyServerFinal first");
    }
    return sessionKey.clone();
  }

  private static int iterations(String value) {
    int i;
    try {
      i = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ScramException("the server's iteration count is not a number");
    }
    if (i < Scram.MIN_ITERATIONS || i > Scram.MAX_ITERATIONS) {
      throw new ScramException("the server asks for " + i + " iterations (from "
          + Scram.MIN_ITERATIONS + " to " + Scram.MAX_ITERATIONS + " are accepted)");
    }
    return i;
  }
}
