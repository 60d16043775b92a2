package io.taskbus.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** SCRAM-SHA-256 against RFC 7677's example, and the ways an exchange must fail. */
class ScramTest {

  private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
  private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
  private static final String SERVER_FIRST = "r=" + CLIENT_NONCE + SERVER_NONCE
      + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
  private static final String CLIENT_FINAL = "c=biws,r=" + CLIENT_NONCE + SERVER_NONCE
      + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

  private final StoredKeys pencil = StoredKeys.derive("pencil", SALT, 4096);

  private ScramServer server(String clientFirst, StoredKeys keys) {
    return new ScramServer(ScramServer.ClientFirst.parse(clientFirst), keys, SERVER_NONCE);
  }

  @Test
  void client_rfc7677Example_sendsItsMessagesAndAcceptsTheServerSignature() {
    ScramClient client = new ScramClient("user", "pencil", CLIENT_NONCE);
    assertThat(client.clientFirst()).isEqualTo("n,,n=user,r=" + CLIENT_NONCE);
    assertThat(client.clientFinal(SERVER_FIRST)).isEqualTo(CLIENT_FINAL);
    client.verifyServerFinal(SERVER_FINAL);
  }

  @Test
  void server_rfc7677Example_sendsItsMessagesFromStoredKeys() {
    ScramServer server = server("n,,n=user,r=" + CLIENT_NONCE, pencil);
    assertThat(server.serverFirst()).isEqualTo(SERVER_FIRST);
    assertThat(server.verify(CLIENT_FINAL)).isEqualTo(SERVER_FINAL);
  }

  @Test
  void storedKeys_roundTripThroughTheirEncoding_andHideTheirValuesFromToString() {
    StoredKeys back = StoredKeys.parse(pencil.encode());
    assertThat(back.encode()).isEqualTo(pencil.encode()).startsWith("scram-sha-256:4096:");
    assertThat(back.toString()).doesNotContain(Scram.b64(pencil.storedKey()));
    assertThatThrownBy(() -> StoredKeys.parse("pencil"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoredKeys.derive("pencil", 1000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wrongPassword_failsAtTheServer() {
    ScramClient client = ScramClient.create("user", "pencil?");
    ScramServer server = ScramServer.create(ScramServer.ClientFirst.parse(client.clientFirst()),
        pencil);
    String clientFinal = client.clientFinal(server.serverFirst());
    assertThatThrownBy(() -> server.verify(clientFinal)).isInstanceOf(ScramException.class);
  }

  @Test
  void serverWithoutTheKeys_isCaughtByTheClient() {
    ScramClient client = ScramClient.create("user", "pencil");
    StoredKeys guessed = ScramServer.unknownUser(new byte[32], "user");
    ScramServer fake = ScramServer.create(ScramServer.ClientFirst.parse(client.clientFirst()),
        guessed);
    client.clientFinal(fake.serverFirst());
    assertThatThrownBy(() -> client.verifyServerFinal("v=" + Scram.b64(new byte[32])))
        .isInstanceOf(ScramException.class).hasMessageContaining("fake auth service");
    assertThatThrownBy(() -> client.open(Scram.seal(new byte[32], "{}")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void clientFinalReplayed_inANewExchange_fails() {
    ScramClient client = new ScramClient("user", "pencil", CLIENT_NONCE);
    ScramServer first = ScramServer.create(ScramServer.ClientFirst.parse(client.clientFirst()),
        pencil);
    String captured = client.clientFinal(first.serverFirst());
    first.verify(captured);
    ScramServer second = ScramServer.create(ScramServer.ClientFirst.parse(client.clientFirst()),
        pencil);
    assertThatThrownBy(() -> second.verify(captured)).isInstanceOf(ScramException.class);
  }

  @Test
  void sealedAnswer_opensOnlyForTheClientOfThatExchange() {
    ScramClient client = ScramClient.create("user", "pencil");
    ScramServer server = ScramServer.create(ScramServer.ClientFirst.parse(client.clientFirst()),
        pencil);
    String clientFinal = client.clientFinal(server.serverFirst());
    client.verifyServerFinal(server.verify(clientFinal));
    String sealed = server.seal("{\"token\":\"secret-token\"}");
    assertThat(new String(Base64.getDecoder().decode(sealed))).doesNotContain("secret-token");
    assertThat(client.open(sealed)).isEqualTo("{\"token\":\"secret-token\"}");
    assertThatThrownBy(() -> Scram.open(new byte[32], sealed)).isInstanceOf(ScramException.class);
  }

  @Test
  void serverAskingTooFewOrTooManyIterations_isRefusedBeforeAnyWork() {
    ScramClient client = new ScramClient("user", "pencil", CLIENT_NONCE);
    String nonce = "r=" + CLIENT_NONCE + SERVER_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=";
    assertThatThrownBy(() -> client.clientFinal(nonce + "1"))
        .isInstanceOf(ScramException.class).hasMessageContaining("iterations");
    assertThatThrownBy(() -> client.clientFinal(nonce + "2000000000"))
        .isInstanceOf(ScramException.class).hasMessageContaining("iterations");
    assertThatThrownBy(() -> client.clientFinal("r=other,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))
        .isInstanceOf(ScramException.class).hasMessageContaining("nonce");
  }

  @Test
  void userNames_areEscapedBothWays() {
    ScramClient client = new ScramClient("a,b=c", "pw", CLIENT_NONCE);
    assertThat(client.clientFirst()).isEqualTo("n,,n=a=2Cb=3Dc,r=" + CLIENT_NONCE);
    assertThat(ScramServer.ClientFirst.parse(client.clientFirst()).username())
        .isEqualTo("a,b=c");
    assertThatThrownBy(() -> ScramServer.ClientFirst.parse("p=tls,,n=a,r=x"))
        .isInstanceOf(ScramException.class);
  }
}
