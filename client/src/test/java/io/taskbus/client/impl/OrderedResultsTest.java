package io.taskbus.client.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    OrderedResults results = new OrderedResults(n);
    for (int first : firsts) {
      int size = Math.min(7, n - first);
      results.fill(first, IntStream.range(first, first + size).map(i -> i * 10).boxed().toList());
    }
    assertThat(results.complete()).isTrue();
    assertThat(results.<Integer>toList())
        .isEqualTo(IntStream.range(0, n).map(i -> i * 10).boxed().toList());
  }

  @Test
  void fill_sameIndexTwice_keepsTheFirstResultOnly() {
    OrderedResults results = new OrderedResults(3);
    assertThat(results.fill(0, List.of("a", "b"))).isEqualTo(2);
    assertThat(results.fill(1, List.of("X", "c"))).isEqualTo(1);
    assertThat(results.<String>toList()).containsExactly("a", "b", "c");
    assertThat(results.count()).isEqualTo(3);
  }

  @Test
  void fill_outsideTheJob_isRefused() {
    OrderedResults results = new OrderedResults(2);
    assertThatThrownBy(() -> results.fill(1, List.of(1, 2)))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void toList_keepsNullResults() {
    OrderedResults results = new OrderedResults(2);
    results.fill(0, java.util.Arrays.asList(null, 1));
    assertThat(results.<Integer>toList()).containsExactly(null, 1);
  }
}
