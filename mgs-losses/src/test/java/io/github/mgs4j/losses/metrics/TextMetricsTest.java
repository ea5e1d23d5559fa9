package io.github.mgs4j.losses.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TextMetricsTest {

  @Test
  void repetitionCountsRepeatedFourGrams() {
    assertEquals(0.0, TextMetrics.repetition(new int[] {1, 2, 3, 4, 5, 6}, 4));
    assertEquals(1 - 2.0 / 5, TextMetrics.repetition(new int[] {1, 2, 1, 2, 1, 2, 1, 2}, 4), 1e-15);
    assertEquals(1.0, TextMetrics.repetition(new int[] {1, 2, 3}, 4), "shorter than n counts as 1");
    assertThrows(IllegalArgumentException.class, () -> TextMetrics.repetition(new int[] {1}, 0));
  }

  @Test
  void nonTerminationAndPerplexity() {
    assertEquals(0.0, TextMetrics.nonTermination(new int[] {3, 9}, 9));
    assertEquals(1.0, TextMetrics.nonTermination(new int[] {3, 3}, 9));
    assertEquals(Math.E, TextMetrics.perplexity(-10, 10), 1e-12);
    assertEquals(2.5, TextMetrics.averageLength(new int[][] {{1, 9}, {1, 2, 3}}));
    assertThrows(IllegalArgumentException.class, () -> TextMetrics.averageLength(new int[0][]));
    assertThrows(IllegalArgumentException.class, () -> TextMetrics.perplexity(0, 0));
  }
}
