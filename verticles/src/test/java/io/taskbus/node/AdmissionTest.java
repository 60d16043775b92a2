package io.taskbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A worker's room, shared among pools, on a virtual clock. */
class AdmissionTest {

  private long now;
  private final Admission admission = new Admission(4, () -> now);

  private int admitted(String pool, int tries) {
    int n = 0;
    for (int i = 0; i < tries; i++) {
      if (admission.tryAdmit(pool)) {
        n++;
      }
    }
    return n;
  }

  @Test
  void poolAlone_mayUseAllTheRoom_andNoMore() {
    assertThat(admitted("a", 10)).isEqualTo(4);
    assertThat(admission.limit("a")).isEqualTo(4);
    assertThat(admission.held()).isEqualTo(4);
  }

  @Test
  void secondPool_isRefusedWhileFull_thenGetsItsShareAsRoomFrees() {
    assertThat(admitted("a", 4)).isEqualTo(4);
    assertThat(admission.tryAdmit("b")).as("full").isFalse();
    assertThat(admission.limit("a")).as("a is told to make room").isEqualTo(2);
    admission.release("a");
    assertThat(admission.tryAdmit("a")).as("a is over its share while b waits").isFalse();
    assertThat(admission.tryAdmit("b")).isTrue();
    admission.release("a");
    assertThat(admission.tryAdmit("b")).isTrue();
    assertThat(admission.tryAdmit("b")).as("full again").isFalse();
    admission.release("a");
    assertThat(admission.tryAdmit("b")).as("b holds its share: a's turn").isFalse();
    assertThat(admission.tryAdmit("a")).isTrue();
    assertThat(admission.held()).isEqualTo(4);
    assertThat(admission.peak()).isEqualTo(4);
  }

  @Test
  void poolThatStoppedAsking_nolongerShrinksTheOthersShare() {
    assertThat(admitted("a", 4)).isEqualTo(4);
    assertThat(admission.tryAdmit("b")).isFalse();
    assertThat(admission.limit("a")).isEqualTo(2);
    now += Admission.WANTING_MS * 1_000_000;
    assertThat(admission.limit("a")).isEqualTo(4);
  }

  @Test
  void neverMoreThanTheCapacity_howeverManyPoolsAsk() {
    for (int round = 0; round < 50; round++) {
      for (int p = 0; p < 7; p++) {
        admission.tryAdmit("p" + p);
      }
      admission.release("p" + round % 7);
      assertThat(admission.held()).isLessThanOrEqualTo(4);
    }
    assertThat(admission.peak()).isEqualTo(4);
  }
}
