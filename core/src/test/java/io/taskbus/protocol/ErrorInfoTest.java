package io.taskbus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorInfoTest {

  @Test
  void parse_ofEncodedInfo_returnsEveryField() {
    ErrorInfo info = ErrorInfo.of(ErrorCode.TASK_FAILED, 7, "div", new ArithmeticException("/ 0"))
        .withWorker("w1");
    ErrorInfo back = ErrorInfo.parse(500, info.toJson().encode());
    assertThat(back).isEqualTo(info);
    assertThat(back.stack()).contains("ArithmeticException: / 0").contains("at ");
  }

  @Test
  void of_exceptionWithCauses_listsTheChainOutermostFirst() {
    Exception error = new IllegalStateException("top",
        new java.io.IOException("disk", new SecurityException("denied")));
    ErrorInfo info = ErrorInfo.of(ErrorCode.TASK_FAILED, 0, "t", error);
    assertThat(ErrorInfo.parse(500, info.toJson().encode()).causes()).containsExactly(
        "java.io.IOException: disk", "java.lang.SecurityException: denied");
  }

  @Test
  void parse_plainText_keepsTheMessageAndCode() {
    ErrorInfo info = ErrorInfo.parse(403, "no");
    assertThat(info.code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(info.message()).isEqualTo("no");
    assertThat(ErrorInfo.parse(403, "{not json").message()).isEqualTo("{not json");
  }

  @Test
  void errorCodes_roundTripThroughTheirNumbers() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(ErrorCode.fromInt(code.toInt())).isEqualTo(code);
    }
    assertThat(ErrorCode.fromInt(12345)).isNull();
  }
}
