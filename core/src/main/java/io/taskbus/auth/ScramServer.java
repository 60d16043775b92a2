package io.taskbus.auth;

import java.util.Map;

/**
 * The server's side of one SCRAM-SHA-256 exchange, over a user's {@link StoredKeys}: the
 * challenge, then the check of the client's proof (constant time) and the server's signature.
 * Single use, not thread-safe.
 */
public final class ScramServer {

  private final String clientFirstBare;
  private final String serverFirst;
  private final String nonce;
  private final StoredKeys keys;
  private String authMessage;
  private byte[] sessionKey;

  ScramServer(ClientFirst first, StoredKeys keys, String serverNonce) {
    this.clientFirstBare = first.bare;
    this.keys = keys;
    this.nonce = first.nonce + serverNonce;
    this.serverFirst = "r=" + nonce + ",s=" + Scram.b64(keys.salt()) + ",i=" + keys.iterations();
  }

  /** A client's first message, parsed: its user name and nonce. */
  public record ClientFirst(String username, String nonce, String bare) {

    /**
     * @throws ScramException unless it is {@code n,,n=<name>,r=<nonce>}: no channel binding and
     *     no authorisation identity are supported
     */
    public static ClientFirst parse(String message) {
      if (!message.startsWith(Scram.GS2_HEADER)) {
        throw new ScramException("a client-first message starts with '" + Scram.GS2_HEADER
            + "' (no channel binding, no authzid)");
      }
      String bare = message.substring(Scram.GS2_HEADER.length());
      Map<Character, String> a = Scram.attributes(bare);
      if (a.size() != 2 || !a.keySet().iterator().next().equals('n')) {
        throw new ScramException("a client-first message is n=<name>,r=<nonce>");
      }
      return new ClientFirst(Scram.unescape(Scram.required(a, 'n')), Scram.required(a, 'r'),
          bare);
    }
  }

  public static ScramServer create(ClientFirst first, StoredKeys keys) {
    return new ScramServer(first, keys, Scram.nonce());
  }

  /**
   * Keys that no password matches, for a user who does not exist: the exchange runs the same
   * way and fails at the proof. The salt comes from {@code secret} and the name, so asking twice
   * (any auth node of the cluster) gives the same salt, as for a real user.
   */
  public static StoredKeys unknownUser(byte[] secret, String username) {
    byte[] salt = java.util.Arrays.copyOf(Scram.hmac(secret,
        Scram.bytes("taskbus unknown user salt:" + username)), Scram.SALT_BYTES);
    return new StoredKeys(salt, Scram.MIN_ITERATIONS, Scram.random(32), Scram.random(32));
  }

  public String serverFirst() {
    return serverFirst;
  }

  /**
   * Checks the client's proof.
   *
   * @return the server-final message (the server's signature) when the proof holds
   * @throws ScramException when it does not, or the message is malformed
   */
  public String verify(String clientFinal) {
    Map<Character, String> a = Scram.attributes(clientFinal);
    String channel = Scram.required(a, 'c');
    if (!channel.equals(Scram.b64(Scram.bytes(Scram.GS2_HEADER)))
        || !Scram.required(a, 'r').equals(nonce) || a.size() != 3
        || !clientFinal.endsWith(",p=" + a.get('p'))) {
      throw new ScramException("the client-final message does not answer this challenge");
    }
    String withoutProof = clientFinal.substring(0, clientFinal.lastIndexOf(",p="));
    authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
    byte[] proof = Scram.unb64(Scram.required(a, 'p'));
    byte[] signature = Scram.hmac(keys.storedKey(), Scram.bytes(authMessage));
    if (proof.length != signature.length
        || !keys.matchesClientKey(Scram.xor(proof, signature))) {
      throw new ScramException("the proof does not hold");
    }
    sessionKey = Scram.sessionKey(Scram.xor(proof, signature), authMessage);
    return "v=" + Scram.b64(Scram.hmac(keys.serverKey(), Scram.bytes(authMessage)));
  }

  /** Seals {@code plaintext} for the verified client only (AES-GCM under the session key). */
  public String seal(String plaintext) {
    if (sessionKey == null) {
      throw new IllegalStateException("verify first");
    }
    return Scram.seal(sessionKey, plaintext);
  }
}
