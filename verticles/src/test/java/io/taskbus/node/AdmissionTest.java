package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A worker's room, shared among users and then among each user's pools, on a virtual clock. In
 * the first tests each pool is its own user's.
 */
class AdmissionTest {

  private long now;
  private final Admission admission = new Admission(4, () -> now);

  private int admitted(String pool, int tries) {
    int n = 0;
    for (int i = 0; i < tries; i++) {
      if (admission.tryAdmit(pool, pool)) {
        n++;
      }
    }
    return n;
  }

  /** Each of {@code user}'s pools {@code p0..p<pools-1>} asks once; how many were taken. */
  private int eachPoolAsks(String user, int pools) {
    int n = 0;
    for (int i = 0; i < pools; i++) {
      if (admission.tryAdmit(user, "p" + i)) {
        n++;
      }
    }
    return n;
  }

  @Test
  void poolAlone_mayUseAllTheRoom_andNoMore() {
    assertThat(admitted("a", 10)).isEqualTo(4);
    assertThat(admission.limit("a", "a")).isEqualTo(4);
    assertThat(admission.held()).isEqualTo(4);
  }

  @Test
  void secondPool_isRefusedWhileFull_thenGetsItsShareAsRoomFrees() {
    assertThat(admitted("a", 4)).isEqualTo(4);
    assertThat(admission.tryAdmit("b", "b")).as("full").isFalse();
    assertThat(admission.limit("a", "a")).as("a is told to make room").isEqualTo(2);
    admission.release("a", "a");
    assertThat(admission.tryAdmit("a", "a")).as("a is over its share while b waits").isFalse();
    assertThat(admission.tryAdmit("b", "b")).isTrue();
    admission.release("a", "a");
    assertThat(admission.tryAdmit("b", "b")).isTrue();
    assertThat(admission.tryAdmit("b", "b")).as("full again").isFalse();
    admission.release("a", "a");
    assertThat(admission.tryAdmit("b", "b")).as("b holds its share: a's turn").isFalse();
    assertThat(admission.tryAdmit("a", "a")).isTrue();
    assertThat(admission.held()).isEqualTo(4);
    assertThat(admission.peak()).isEqualTo(4);
  }

  @Test
  void poolThatStoppedAsking_nolongerShrinksTheOthersShare() {
    assertThat(admitted("a", 4)).isEqualTo(4);
    assertThat(admission.tryAdmit("b", "b")).isFalse();
    assertThat(admission.limit("a", "a")).isEqualTo(2);
    now += Admission.WANTING_MS * 1_000_000;
    assertThat(admission.limit("a", "a")).isEqualTo(4);
  }

  @Test
  void neverMoreThanTheCapacity_howeverManyPoolsAsk() {
    for (int round = 0; round < 50; round++) {
      for (int p = 0; p < 7; p++) {
        admission.tryAdmit("p" + p, "p" + p);
      }
      admission.release("p" + round % 7, "p" + round % 7);
      assertThat(admission.held()).isLessThanOrEqualTo(4);
    }
    assertThat(admission.peak()).isEqualTo(4);
  }

  @Test
  void userWithManyPools_getsNoMoreThanAUsersShare_whileAnotherUserWaits() {
    assertThat(eachPoolAsks("mallory", 10)).as("alone: all the room").isEqualTo(4);
    assertThat(admission.tryAdmit("bob", "b")).as("full").isFalse();
    for (int freed = 0; freed < 2; freed++) {
      admission.release("mallory", "p" + freed);
      assertThat(eachPoolAsks("mallory", 10)).as("mallory at her share while bob waits")
          .isZero();
      assertThat(admission.tryAdmit("bob", "b")).isTrue();
    }
    assertThat(admission.limit("bob", "b")).isEqualTo(2);
    assertThat(admission.limit("mallory", "p9")).isEqualTo(1);
    admission.release("mallory", "p2");
    assertThat(admission.tryAdmit("bob", "b")).as("bob at his share").isFalse();
    assertThat(eachPoolAsks("mallory", 10)).as("mallory's turn").isEqualTo(1);
  }

  @Test
  void poolsOfOneUser_shareTheirUsersRoom() {
    assertThat(admitted("a", 4)).isEqualTo(4);
    admission.release("a", "a");
    assertThat(admission.tryAdmit("b", "b1")).isTrue();
    admission.release("a", "a");
    assertThat(admission.tryAdmit("b", "b2")).as("b's second pool, within b's share").isTrue();
    admission.release("a", "a");
    assertThat(admission.tryAdmit("b", "b1")).as("b at its share while a holds chunks")
        .isFalse();
    assertThat(admission.limit("b", "b1")).as("half of b's half").isEqualTo(1);
  }

  @Test
  void poolIdsThatOnlyAsk_areRememberedForABoundedNumber() {
    assertThat(admitted("a", 4)).isEqualTo(4);
    for (int i = 0; i < 10_000; i++) {
      assertThat(admission.tryAdmit("mallory", "pool-" + i)).isFalse();
    }
    assertThat(admission.pools()).isLessThanOrEqualTo(1 + Admission.MAX_IDLE_POOLS);
    now += Admission.WANTING_MS * 1_000_000;
    admission.tryAdmit("mallory", "late");
    assertThat(admission.pools()).as("those that stopped asking are forgotten").isEqualTo(2);
  }

  @Test
  void poolBetweenTwoChunks_keepsItsUsersShare_fromAnotherUsersFlood() {
    assertThat(admission.tryAdmit("bob", "b")).isTrue();
    admission.release("bob", "b"); // bob's next chunk is on its way
    assertThat(eachPoolAsks("mallory", 10)).as("bob's share is kept").isEqualTo(2);
    assertThat(admission.tryAdmit("bob", "b")).isTrue();
    admission.release("bob", "b");
    now += Admission.BETWEEN_CHUNKS_MS * 1_000_000;
    assertThat(eachPoolAsks("mallory", 10)).as("bob is gone: all the room").isEqualTo(2);
  }
}
