package io.taskbus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The binary codec: what it carries is what JSON carries, and hostile bodies fail cleanly. */
class BinaryWireTest {

  private static final WireCodec BINARY = WireCodec.BINARY;
  private static final WireCodec JSON = WireCodec.JSON;

  /** Values of every kind a pool may send, as {@link JsonValues#toWire} leaves them. */
  private static List<Object> values() {
    return Arrays.asList(null, true, false, 0, -7, Integer.MAX_VALUE, 5L, 1L << 40,
        (short) 3, (byte) -2, 1.5, 2.5f, -0.0, new BigInteger("123456789012345678901234567890"),
        BigInteger.TEN, new BigDecimal("1.25"), "", "héllo \u2603 \"q\" \n",
        new byte[] {1, 2, 3}, new byte[] {1, 2}, new byte[] {-1, -2, -3, -4}, new JsonObject().put("a", 1).put("b", new JsonArray().add("x")),
        new JsonArray().add(1).add(2).add(3), new JsonArray().add(1).add("two").addNull(),
        new JsonArray(), new JsonObject(), Map.of("k", List.of(1, 2)), List.of());
  }

  private static List<List<Object>> decoded(WireCodec codec, List<? extends List<?>> items) {
    Buffer body = codec.encodeRequest("echo", "job", 7, items, 0);
    assertThat(WireCodec.of(body)).isSameAs(codec);
    return codec.decodeRequest(body, "echo").items();
  }

  private static List<List<Object>> copy(List<List<Object>> items) {
    List<List<Object>> out = new ArrayList<>();
    items.forEach(item -> out.add(new ArrayList<>(item)));
    return out;
  }

  @Test
  void everyValue_arrivesAsJsonWouldGiveIt_asASingleArgument() {
    List<List<Object>> items = new ArrayList<>();
    values().forEach(v -> items.add(Collections.singletonList(JsonValues.toWire(v))));
    assertThat(copy(decoded(BINARY, items))).isEqualTo(copy(decoded(JSON, items)));
  }

  @Test
  void everyValue_arrivesAsJsonWouldGiveIt_inArgumentLists() {
    List<List<Object>> items = List.of(
        values().stream().map(JsonValues::toWire).toList().subList(0, 0),
        new ArrayList<>(values().stream().map(v -> v == null ? null : JsonValues.toWire(v))
            .toList()));
    List<List<Object>> binary = copy(decoded(BINARY, items));
    assertThat(binary).isEqualTo(copy(decoded(JSON, items)));
    for (int i = 0; i < binary.get(1).size(); i++) {
      Object b = binary.get(1).get(i);
      Object j = copy(decoded(JSON, items)).get(1).get(i);
      assertThat(b == null ? null : b.getClass()).as("type of value %d", i)
          .isEqualTo(j == null ? null : j.getClass());
    }
  }

  @Test
  void chunkOfInts_travelsAsOneIntArray() {
    List<List<Object>> items = new ArrayList<>();
    IntStream.range(0, 1_000).forEach(i -> items.add(Collections.singletonList(i)));
    Buffer body = BINARY.encodeRequest("double", "job", 0, items, 0);
    assertThat(body.length()).isLessThan(4_100);
    WireCodec.DecodedChunk chunk = BINARY.decodeRequest(body, "double");
    assertThat(chunk.items()).hasSize(1_000);
    assertThat(chunk.items().get(999)).containsExactly(999);
    assertThat(chunk.job()).isEqualTo("job");
  }

  @Test
  void reply_thatFits_isOnePart_andOneThatDoesNot_comesInParts() {
    List<Object> results = new ArrayList<>();
    IntStream.range(0, 100).forEach(i -> results.add("r".repeat(90) + i));
    List<LogLine> logs = List.of(new LogLine(3, "a line"));
    assertThat(BINARY.encodeReply(results.subList(0, 2), logs, "w", 5, 0, 1_000)).hasSize(1);
    List<Buffer> parts = BINARY.encodeReply(results, logs, "w", 5, 0, 1_000);
    assertThat(parts.size()).isGreaterThan(9);
    List<Object> all = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      assertThat(parts.get(p).length()).isLessThanOrEqualTo(1_000);
      WireCodec.ReplyPart part = BINARY.decodeReply(parts.get(p));
      assertThat(part.more()).isEqualTo(p < parts.size() - 1);
      assertThat(part.worker()).isEqualTo("w");
      all.addAll(part.results());
    }
    assertThat(all).isEqualTo(results);
  }

  @Test
  void resultThatFitsNoMessage_failsNamingItsItem() {
    assertThatThrownBy(() -> BINARY.encodeReply(List.of("a", "x".repeat(2_000)), List.of(), "w",
        0, 40, 1_000)).isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.info().code()).isEqualTo(ErrorCode.TOO_LARGE);
          assertThat(e.info().index()).isEqualTo(41);
        });
  }

  private static ErrorCode refusal(Buffer body) {
    try {
      BINARY.decodeRequest(body, "echo");
    } catch (ProtocolException e) {
      return e.info().code();
    }
    throw new AssertionError("accepted");
  }

  private static Buffer header() {
    Buffer b = Buffer.buffer().appendString("TB").appendByte((byte) 1).appendByte((byte) 'Q');
    BinaryValues.writeString(b, "echo");
    BinaryValues.writeString(b, "job");
    return b.appendLong(0).appendLong(0);
  }

  @Test
  void hostileBodies_failAsBadRequests_withoutAllocatingOrRecursing() {
    Buffer good = BINARY.encodeRequest("echo", "job", 0, List.of(List.of(1)), 0);
    for (int cut = 4; cut < good.length(); cut++) {
      assertThat(refusal(good.getBuffer(0, cut))).as("cut at %d", cut)
          .isEqualTo(ErrorCode.BAD_REQUEST);
    }
    assertThat(refusal(good.copy().appendByte((byte) 0))).isEqualTo(ErrorCode.BAD_REQUEST);
    // a list claiming two billion items in a few bytes
    assertThat(refusal(header().appendByte((byte) 0).appendByte(BinaryValues.LIST)
        .appendInt(Integer.MAX_VALUE))).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refusal(header().appendByte((byte) 0).appendByte(BinaryValues.INTS)
        .appendInt(-1))).isEqualTo(ErrorCode.BAD_REQUEST);
    // nesting far deeper than any value needs
    Buffer deep = header().appendByte((byte) 0).appendByte(BinaryValues.LIST).appendInt(1);
    for (int i = 0; i < 10_000; i++) {
      deep.appendByte(BinaryValues.LIST).appendInt(1);
    }
    assertThat(refusal(deep)).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refusal(header().appendByte((byte) 9).appendByte(BinaryValues.LIST).appendInt(0)))
        .as("unknown shape").isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refusal(header().appendByte((byte) 0).appendByte((byte) 99)))
        .as("unknown tag").isEqualTo(ErrorCode.BAD_REQUEST);
    Buffer otherTask = BINARY.encodeRequest("mul", "job", 0, List.of(List.of(1)), 0);
    assertThat(refusal(otherTask)).isEqualTo(ErrorCode.BAD_REQUEST);
    Buffer version2 = good.copy();
    version2.setByte(2, (byte) 2);
    assertThat(refusal(version2)).isEqualTo(ErrorCode.BAD_REQUEST);
  }
}
