package io.taskbus.auth;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * What a node signs or checks tokens with. By default, the cluster's secret (HS256): every node
 * that holds it can issue tokens, workers too. With an Ed25519 key pair (EdDSA), only the nodes
 * given the private key (the auth nodes) can issue them; workers, given the public key alone,
 * check them but cannot make one. Sessions are sealed and announcements signed with keys derived
 * from the secret either way.
 *
 * @param signingKey the private key as PEM (PKCS#8), or null on a node that only checks tokens
 * @param verifyingKey the public key as PEM (X.509), or null when tokens are HS256
 */
public record TokenKeys(String secret, String signingKey, String verifyingKey) {

  public TokenKeys {
    if (signingKey != null && verifyingKey == null) {
      throw new IllegalArgumentException("a token signing key needs its public key beside it");
    }
  }

  /** Tokens signed and checked with the cluster's secret. */
  public static TokenKeys shared(String secret) {
    return new TokenKeys(secret, null, null);
  }

  /** True when tokens are signed with a private key that workers do not hold. */
  public boolean asymmetric() {
    return verifyingKey != null;
  }

  /** A new Ed25519 key pair: the private key as PKCS#8 PEM, the public key as X.509 PEM. */
  public static String[] generatePem() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new String[] {pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
          pem("PUBLIC KEY", pair.getPublic().getEncoded())};
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks Ed25519", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  @Override
  public String toString() {
    return "TokenKeys[" + (asymmetric() ? "EdDSA" : "HS256") + "]"; // never a key
  }
}
