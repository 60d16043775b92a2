package io.taskbus.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;

/**
 * The keys that workers and auth nodes derive from the cluster's secret, one per use, so that no
 * key serves two: the key that seals session keys inside tokens, the key that seals a login's
 * answer for a gateway, and the Ed25519 key pair that signs worker announcements (its public
 * half is all a client gets, so a client can check announcements but never make one).
 */
public final class ClusterKeys {

  private static final String GATEWAY_LOGIN = "taskbus gateway login\n";
  private final byte[] sealKey;
  private final byte[] gatewayKey;
  private final KeyPair announceKeys;

  private ClusterKeys(byte[] sealKey, byte[] gatewayKey, KeyPair announceKeys) {
    this.sealKey = sealKey;
    this.gatewayKey = gatewayKey;
    this.announceKeys = announceKeys;
  }

  public static ClusterKeys of(String secret) {
    byte[] root = secret.getBytes(StandardCharsets.UTF_8);
    return new ClusterKeys(derive(root, "taskbus session seal v1"),
        derive(root, "taskbus gateway login seal v1"),
        ed25519(derive(root, "taskbus announcement signing v1")));
  }

  /**
   * A login's answer sealed for the gateway that relayed it: only nodes holding the cluster's
   * secret open it, and only as the answer of the exchange that ended in {@code serverFinal}.
   */
  public String sealForGateway(String answer, String serverFinal) {
    return Sealed.seal(gatewayKey, answer, GATEWAY_LOGIN + serverFinal);
  }

  /**
   * The answer {@link #sealForGateway} sealed.
   *
   * @throws IllegalArgumentException when it was sealed under another key, for another
   *     exchange, or changed
   */
  public String openAsGateway(String sealed, String serverFinal) {
    return Sealed.openText(gatewayKey, sealed, GATEWAY_LOGIN + serverFinal);
  }

  /** Seals and opens the session keys inside tokens. */
  byte[] sealKey() {
    return sealKey;
  }

  /** Signs announcements: only nodes holding the cluster's secret can. */
  public Announcements.Signer announcementSigner() {
    return new Announcements.Signer(announceKeys.getPrivate());
  }

  /** The announcements' public key, as a client is told it at login. */
  public String announcementKey() {
    return Announcements.encode(announceKeys.getPublic());
  }

  private static byte[] derive(byte[] root, String label) {
    return Scram.hmac(root, label.getBytes(StandardCharsets.UTF_8));
  }

  /** The Ed25519 key pair whose private key is {@code seed}: every worker derives the same. */
  private static KeyPair ed25519(byte[] seed) {
    SecureRandom fixed = new SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) { // the generator draws the private key from here
        System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
      }
    };
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, fixed);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks Ed25519", e);
    }
  }
}
