package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskbus.protocol.IntValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderedResultsTest {

  @Test
  void fill_chunksInAnyOrder_giveTheInputOrder() {
    int n = 1_000;
    List<Integer> firsts = new ArrayList<>();
    for (int first = 0; first < n; first += 7) {
      firsts.add(first);
    }
    Collections.shuffle(firsts, new Random(42));
    OrderedResults results = new OrderedResults(0); // grows as it goes, as for an iterator
    for (int first : firsts) {
      int size = Math.min(7, n - first);
      results.fill(first, IntStream.range(first, first + size).map(i -> i * 10).boxed().toList());
    }
    assertThat(results.count()).isEqualTo(n);
    assertThat(results.<Integer>toList(n))
        .isEqualTo(IntStream.range(0, n).map(i -> i * 10).boxed().toList());
  }

  @Test
  void fill_sameIndexTwice_keepsTheFirstResultOnly() {
    OrderedResults results = new OrderedResults(3);
    assertThat(results.fill(0, List.of("a", "b"))).isEqualTo(2);
    assertThat(results.fill(1, List.of("X", "c"))).isEqualTo(1);
    assertThat(results.<String>toList(3)).containsExactly("a", "b", "c");
    assertThat(results.count()).isEqualTo(3);
  }

  @Test
  void toList_withAMissingResult_isRefused() {
    OrderedResults results = new OrderedResults(2);
    results.fill(1, List.of(1));
    assertThatThrownBy(() -> results.toList(2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> results.fill(-1, List.of(1)))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void toList_keepsNullResults() {
    OrderedResults results = new OrderedResults(2);
    results.fill(0, java.util.Arrays.asList(null, 1));
    assertThat(results.<Integer>toList(2)).containsExactly(null, 1);
  }

  @Test
  void fill_intChunksFromTheWire_readBackAsIntegersInOrder() {
    OrderedResults results = new OrderedResults(0);
    results.fill(3, IntValues.of(30, 40));
    results.fill(0, IntValues.of(0, 10, 20));
    List<Integer> list = results.toList(5);
    assertThat(list).containsExactly(0, 10, 20, 30, 40);
    assertThat(list.get(4)).isInstanceOf(Integer.class);
    assertThatThrownBy(() -> list.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.set(0, 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void fill_intsAndOtherValuesOverlapping_keepEachIndexsFirstResult() {
    OrderedResults results = new OrderedResults(4);
    assertThat(results.fill(1, List.of("b", "c"))).isEqualTo(2);
    assertThat(results.fill(0, IntValues.of(0, 1, 2, 3))).isEqualTo(2);
    assertThat(results.fill(2, List.of("X", "Y"))).isEqualTo(0);
    assertThat(results.<Object>toList(4)).containsExactly(0, "b", "c", 3);
  }
}
