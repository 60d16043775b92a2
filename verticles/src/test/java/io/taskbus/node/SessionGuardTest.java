package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.auth.IssuedToken;
import io.taskbus.auth.MessageAuth;
import io.taskbus.auth.Session;
import io.taskbus.protocol.ErrorCode;
import io.taskbus.protocol.Headers;
import io.taskbus.protocol.ProtocolException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A worker's check of each chunk's and cancel's session proof, on a virtual clock. */
class SessionGuardTest {

  private long now = 1_800_000_000_000L;
  private final SessionGuard guard = new SessionGuard(() -> now, 3, 2);
  private final Buffer body = Buffer.buffer("{\"job\":\"j\",\"args\":[[1]]}");

  private static IssuedToken token(String user, String session) {
    byte[] key = new byte[32];
    key[0] = (byte) session.hashCode();
    return new IssuedToken("t-" + session, Long.MAX_VALUE, user, List.of("*"),
        new Session(session, key, Long.MAX_VALUE));
  }

  private MultiMap chunk(IssuedToken token, long seq, long ts) {
    return headers(seq, ts, MessageAuth.of(token.session().key()).chunk("w", "count", "p", seq,
        ts, body));
  }

  private static MultiMap headers(long seq, long ts, String mac) {
    return MultiMap.caseInsensitiveMultiMap().add(Headers.SEQ, Long.toString(seq))
        .add(Headers.TIME, Long.toString(ts)).add(Headers.MAC, mac);
  }

  private SessionGuard.Caller accept(IssuedToken token, MultiMap headers) {
    return guard.chunk(token, headers, "w", "count", "p", body);
  }

  private ErrorCode refusal(IssuedToken token, MultiMap headers) {
    try {
      accept(token, headers);
    } catch (ProtocolException e) {
      return e.info().code();
    }
    throw new AssertionError("accepted");
  }

  @Test
  void provedChunk_isTakenOnce_andItsCallerSignsAsTheSessionChecks() {
    IssuedToken alice = token("alice", "s1");
    MultiMap first = chunk(alice, 0, now);
    SessionGuard.Caller caller = accept(alice, first);
    assertThat(caller.user()).isEqualTo("alice");
    assertThat(refusal(alice, first)).as("played back").isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(MessageAuth.of(alice.session().key()).reply(0, 0, "4", body))
        .isEqualTo(caller.replyMac(0, "4", body));
    assertThat(accept(alice, chunk(alice, 1, now)).seq()).isEqualTo(1);
  }

  @Test
  void chunkOfAnotherAddressTaskPoolOrBody_orWithoutAProof_isRefused() {
    IssuedToken alice = token("alice", "s1");
    MultiMap proved = chunk(alice, 0, now);
    assertThatThrownBy(() -> guard.chunk(alice, proved, "w2", "count", "p", body))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> guard.chunk(alice, proved, "w", "double", "p", body))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> guard.chunk(alice, proved, "w", "count", "q", body))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> guard.chunk(alice, proved, "w", "count", "p", Buffer.buffer("{}")))
        .isInstanceOf(ProtocolException.class);
    assertThat(refusal(token("bob", "s2"), proved)).as("another session's token")
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(refusal(alice, MultiMap.caseInsensitiveMultiMap()))
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(refusal(alice, headers(0, now, "AAAA"))).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(refusal(alice, proved.copy().set(Headers.SEQ, "x")))
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(accept(alice, proved).user()).as("none of that used its number").isEqualTo(
        "alice");
  }

  @Test
  void chunkSentOutsideTheClockWindow_isRefused() {
    IssuedToken alice = token("alice", "s1");
    assertThat(refusal(alice, chunk(alice, 0, now - SessionGuard.MAX_SKEW_MS - 1)))
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(refusal(alice, chunk(alice, 1, now + SessionGuard.MAX_SKEW_MS + 1)))
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
    accept(alice, chunk(alice, 2, now - SessionGuard.MAX_SKEW_MS));
  }

  @Test
  void numbersArrivingOutOfOrder_areEachTakenOnce_andOnesTooFarBehindAreRefused() {
    IssuedToken alice = token("alice", "s1");
    accept(alice, chunk(alice, 5, now));
    accept(alice, chunk(alice, 3, now));
    assertThat(refusal(alice, chunk(alice, 3, now))).isEqualTo(ErrorCode.UNAUTHENTICATED);
    accept(alice, chunk(alice, 5 + ReplayWindow.SIZE, now));
    assertThat(refusal(alice, chunk(alice, 4, now))).as("too old now")
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  void sessionsAreBoundedPerUserAndInAll_andOnlySessionsIdleLongEnoughAreForgotten() {
    IssuedToken a1 = token("alice", "a1");
    IssuedToken a2 = token("alice", "a2");
    IssuedToken a3 = token("alice", "a3");
    accept(a1, chunk(a1, 0, now));
    accept(a2, chunk(a2, 0, now));
    assertThat(refusal(a3, chunk(a3, 0, now))).as("alice's sessions are full")
        .isEqualTo(ErrorCode.BUSY);
    IssuedToken bob = token("bob", "b1");
    accept(bob, chunk(bob, 0, now));
    IssuedToken carol = token("carol", "c1");
    assertThat(refusal(carol, chunk(carol, 0, now))).as("all full").isEqualTo(ErrorCode.BUSY);
    now += 2 * SessionGuard.MAX_SKEW_MS + 1;
    accept(carol, chunk(carol, 0, now));
    assertThat(guard.size()).as("the idle ones forgotten").isEqualTo(1);
    MultiMap old = chunk(a1, 0, now - 2 * SessionGuard.MAX_SKEW_MS - 1);
    assertThat(refusal(a1, old)).as("a forgotten session's message is too old to be taken")
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  void cancel_isProvedLikeAChunk_andOnlyForItsJob() {
    IssuedToken alice = token("alice", "s1");
    MessageAuth auth = MessageAuth.of(alice.session().key());
    MultiMap proved = headers(0, now, auth.cancel("c", "j1", 0, now));
    assertThatThrownBy(() -> guard.cancel(alice, proved, "c", "j2"))
        .isInstanceOf(ProtocolException.class);
    assertThat(guard.cancel(alice, proved, "c", "j1").user()).isEqualTo("alice");
    assertThatThrownBy(() -> guard.cancel(alice, proved, "c", "j1"))
        .as("played back").isInstanceOf(ProtocolException.class);
  }

  @Test
  void aSessionProvedHere_isKnownByItsId_withItsLatestToken() {
    IssuedToken any = token("alice", "s1");
    IssuedToken first = new IssuedToken("t-1", now + 60_000, "alice", List.of("*"),
        any.session());
    assertThatThrownBy(() -> guard.tokenOf("s1")).isInstanceOfSatisfying(
        ProtocolException.class, e -> assertThat(e.info().code())
            .isEqualTo(ErrorCode.SESSION_UNKNOWN));
    assertThatThrownBy(() -> guard.tokenOf(null)).isInstanceOf(ProtocolException.class);
    accept(first, chunk(first, 0, now));
    assertThat(guard.tokenOf("s1")).isSameAs(first);
    IssuedToken renewed = new IssuedToken("t-2", now + 120_000, "alice", List.of("*"),
        any.session());
    accept(renewed, chunk(renewed, 1, now));
    assertThat(guard.tokenOf("s1")).isSameAs(renewed);
    accept(first, chunk(first, 2, now));
    assertThat(guard.tokenOf("s1")).as("an older token never replaces a newer")
        .isSameAs(renewed);
  }
}
