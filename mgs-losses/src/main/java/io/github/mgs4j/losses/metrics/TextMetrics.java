package io.github.mgs4j.losses.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The continuation metrics of the paper's tables, with the authors' definitions: each takes the
 * continuation up to and including its first EOS.
 *
 * <ul>
 *   <li>repetition-n: {@code 1 − |unique n-grams| / |n-grams|}; a sequence shorter than n counts as 1.0;
 *   <li>non-termination: 1 when the continuation has no EOS;
 *   <li>average length: tokens per continuation (EOS included);
 *   <li>perplexity: {@code exp(−Σ log p / Σ tokens)} over a set of sequences.
 * </ul>
 */
public final class TextMetrics {
  private TextMetrics() {}

  /** repetition-n of one continuation (already cut after EOS). */
  public static double repetition(int[] continuation, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    int count = continuation.length - n + 1;
    if (count <= 0) {
      return 1.0;
    }
    Set<List<Integer>> unique = new HashSet<>();
    for (int i = 0; i < count; i++) {
      Integer[] gram = new Integer[n];
      for (int j = 0; j < n; j++) {
        gram[j] = continuation[i + j];
      }
      unique.add(List.of(gram));
    }
    return 1.0 - (double) unique.size() / count;
  }

  /** 1 if the continuation contains no EOS, else 0. */
  public static double nonTermination(int[] continuation, int eosId) {
    for (int t : continuation) {
      if (t == eosId) {
        return 0.0;
      }
    }
    return 1.0;
  }

  /**
   * Average length: tokens per continuation (each already cut after EOS, the EOS counted).
   *
   * @throws IllegalArgumentException when there are no continuations
   */
  public static double averageLength(int[][] continuations) {
    if (continuations.length == 0) {
      throw new IllegalArgumentException("average length needs at least one continuation");
    }
    long tokens = 0;
    for (int[] c : continuations) {
      tokens += c.length;
    }
    return (double) tokens / continuations.length;
  }

  /**
   * Perplexity from a summed natural-log probability and a token count.
   *
   * @throws IllegalArgumentException when there are no tokens
   */
  public static double perplexity(double totalLogProbability, long tokens) {
    if (tokens <= 0) {
      throw new IllegalArgumentException("perplexity needs at least one token");
    }
    return Math.exp(-totalLogProbability / tokens);
  }
}
