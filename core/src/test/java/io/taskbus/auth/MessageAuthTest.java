package io.taskbus.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageAuthTest {

  private static final byte[] KEY = new byte[32];
  private final MessageAuth auth = MessageAuth.of(KEY);
  private final Buffer body = Buffer.buffer("{\"task\":\"double\",\"args\":[[1]]}");

  @Test
  void chunkMac_changesWithEveryFieldItBinds() {
    String mac = auth.chunk("w1", "double", "p", 7, 1000, body);
    assertThat(auth.chunk("w1", "double", "p", 7, 1000, body)).isEqualTo(mac);
    assertThat(Set.of(mac,
        auth.chunk("w2", "double", "p", 7, 1000, body),
        auth.chunk("w1", "mul", "p", 7, 1000, body),
        auth.chunk("w1", "double", "q", 7, 1000, body),
        auth.chunk("w1", "double", "p", 8, 1000, body),
        auth.chunk("w1", "double", "p", 7, 1001, body),
        auth.chunk("w1", "double", "p", 7, 1000, Buffer.buffer("{\"args\":[[2]]}")),
        MessageAuth.of(new byte[] {1, 2, 3}).chunk("w1", "double", "p", 7, 1000, body),
        // lengths are bound, so moving a character from one field to the next changes it
        auth.chunk("w1d", "ouble", "p", 7, 1000, body),
        auth.cancel("w1", "double", 7, 1000),
        auth.reply(7, 0, "4", body)))
        .hasSize(11);
  }

  @Test
  void bodyMac_isTheSameHoweverTheBodysBytesAreHeld() {
    String mac = auth.reply(7, 0, "4", body);
    Buffer around = Buffer.buffer("xxxx").appendBuffer(body).appendString("yyyy");
    assertThat(auth.reply(7, 0, "4", around.slice(4, 4 + body.length()))).isEqualTo(mac);
    assertThat(auth.reply(7, 0, "4", Buffer.buffer(body.getBytes()))).isEqualTo(mac);
    assertThat(auth.reply(7, 0, "4", around.getBuffer(4, 4 + body.length()))).isEqualTo(mac);
    io.netty.buffer.ByteBuf direct = io.netty.buffer.Unpooled.directBuffer().writeBytes(
        body.getBytes());
    assertThat(auth.reply(7, 0, "4", io.vertx.core.internal.buffer.BufferInternal.buffer(
        direct))).isEqualTo(mac);
  }

  @Test
  void signedFailure_opensOnlyForItsChunkLegAndCode() {
    String signed = auth.signFailure(7, 1, 529, "{\"message\":\"busy\"}");
    assertThat(auth.openFailure(7, 1, 529, signed)).isEqualTo("{\"message\":\"busy\"}");
    assertThat(auth.openFailure(8, 1, 529, signed)).isNull();
    assertThat(auth.openFailure(7, 0, 529, signed)).isNull();
    assertThat(auth.openFailure(7, 1, 500, signed)).isNull();
    assertThat(MessageAuth.of(new byte[] {9}).openFailure(7, 1, 529, signed)).isNull();
    assertThat(auth.openFailure(7, 1, 529, "{\"message\":\"busy\"}")).isNull();
    assertThat(auth.openFailure(7, 1, 529, "not json")).isNull();
    assertThat(auth.openFailure(7, 1, 529, null)).isNull();
  }

  @Test
  void matches_isFalseForAnyOtherOrMissingMac() {
    String mac = auth.cancel("a", "j", 1, 2);
    assertThat(MessageAuth.matches(mac, mac)).isTrue();
    assertThat(MessageAuth.matches(mac, auth.cancel("a", "j", 1, 3))).isFalse();
    assertThat(MessageAuth.matches(mac, null)).isFalse();
    assertThat(MessageAuth.matches(mac, "")).isFalse();
  }

  @Test
  void renewal_isProvedOnlyWithTheSessionKey_andItsAnswerOpensOnlyWithIt() {
    JsonObject request = Renewal.request("tok", KEY, 1000);
    assertThat(Renewal.proved(request, KEY)).isTrue();
    assertThat(Renewal.proved(request, new byte[] {1})).isFalse();
    assertThat(Renewal.proved(request.copy().put("renew", "other"), KEY)).isFalse();
    assertThat(Renewal.proved(request.copy().put("ts", 1001), KEY)).isFalse();
    JsonObject answer = Renewal.answer(KEY, new JsonObject().put("token", "t2"));
    assertThat(Renewal.open(KEY, answer).getString("token")).isEqualTo("t2");
    byte[] other = new byte[32];
    other[0] = 1;
    assertThatThrownBy(() -> Renewal.open(other, answer)).isInstanceOf(ScramException.class);
  }

  @Test
  void announcements_signedByTheClustersKey_areRead_othersAreNot() {
    ClusterKeys keys = ClusterKeys.of("the-cluster-secret-of-enough-length");
    WorkerInfo info = new WorkerInfo("w", "n", "taskbus.tasks.w.w", 2, 4, List.of("double"),
        false, 1000);
    JsonObject signed = keys.announcementSigner().sign(info, 5000);
    Announcements.Verifier verifier = Announcements.Verifier.of(keys.announcementKey());
    assertThat(verifier.read(signed)).isEqualTo(new Announcements.Signed(info, 5000));
    assertThat(ClusterKeys.of("the-cluster-secret-of-enough-length").announcementKey())
        .as("every node derives the same key").isEqualTo(keys.announcementKey());
    JsonObject otherCluster = ClusterKeys.of("another-secret-of-enough-length")
        .announcementSigner().sign(info, 5000);
    assertThat(verifier.read(otherCluster)).isNull();
    assertThat(verifier.read(signed.copy().put("at", 6000))).as("time changed").isNull();
    assertThat(verifier.read(signed.copy().put("announcement", info.toJson().put("slots", 4096)
        .encode()))).as("slots changed").isNull();
    assertThat(verifier.read(info.toJson())).as("unsigned").isNull();
  }

  @Test
  void sealed_opensOnlyWithItsKeyAndContext() {
    String sealed = Sealed.seal(KEY, "secret", "ctx");
    assertThat(Sealed.openText(KEY, sealed, "ctx")).isEqualTo("secret");
    assertThatThrownBy(() -> Sealed.open(KEY, sealed, "other"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sealed.open(new byte[32 - 1 + 1 - 16], sealed, "ctx"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sealed.open(KEY, "!!", "ctx"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
