package io.github.mgs4j.losses.bleu;

import io.github.mgs4j.losses.text.DenseIds;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The n-gram sufficient statistics that every BLEU variant shares, for orders 1..N: {@code total[n]}, the
 * number of hypothesis n-grams, and {@code correct[n] = Σ_g min(count_hyp(g), max_r count_r(g))}, the
 * clipped matches against the per-n-gram maximum over the references.
 *
 * <p>Tokens are interned as dense ids; n-grams of order n get dense ids from (id of their (n−1)-gram
 * prefix, last token) pairs, so counting never builds n-gram strings or boxed keys. Immutable.
 */
public final class NgramMatches {
  private final int[] correct;
  private final int[] total;

  private NgramMatches(int[] correct, int[] total) {
    this.correct = correct;
    this.total = total;
  }

  /**
   * Counts the statistics of one hypothesis against its references.
   *
   * @param hypothesis hypothesis tokens
   * @param references reference token lists (at least one)
   * @param maxOrder the largest n-gram order N
   */
  public static NgramMatches of(String[] hypothesis, List<String[]> references, int maxOrder) {
    Objects.requireNonNull(hypothesis, "hypothesis");
    Objects.requireNonNull(references, "references");
    if (references.isEmpty()) {
      throw new IllegalArgumentException("at least one reference is needed");
    }
    if (maxOrder < 1) {
      throw new IllegalArgumentException("maxOrder must be >= 1, got " + maxOrder);
    }
    int tokens = hypothesis.length;
    for (String[] r : references) {
      tokens += Objects.requireNonNull(r, "reference").length;
    }
    Map<String, Integer> vocabulary = new HashMap<>(2 * tokens);
    int[][] sequences = new int[references.size() + 1][];
    sequences[0] = intern(hypothesis, vocabulary);
    for (int r = 0; r < references.size(); r++) {
      sequences[r + 1] = intern(Objects.requireNonNull(references.get(r), "reference " + r), vocabulary);
    }
    int[] correct = new int[maxOrder];
    int[] total = new int[maxOrder];
    int[][] grams = new int[sequences.length][];
    for (int s = 0; s < sequences.length; s++) {
      grams[s] = sequences[s].clone();
    }
    int distinct = vocabulary.size();
    for (int n = 1; n <= maxOrder; n++) {
      if (n > 1) {
        distinct = extend(grams, sequences, n);
      }
      total[n - 1] = grams[0].length;
      if (grams[0].length > 0) {
        correct[n - 1] = clippedMatches(grams, distinct);
      }
    }
    return new NgramMatches(correct, total);
  }

  private static int[] intern(String[] tokens, Map<String, Integer> vocabulary) {
    int[] ids = new int[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      String t = Objects.requireNonNull(tokens[i], "token");
      Integer id = vocabulary.get(t);
      if (id == null) {
        id = vocabulary.size();
        vocabulary.put(t, id);
      }
      ids[i] = id;
    }
    return ids;
  }

  /** Replaces the (n−1)-gram ids by dense n-gram ids; returns the number of distinct n-grams. */
  private static int extend(int[][] grams, int[][] sequences, int n) {
    int positions = 0;
    for (int[] g : grams) {
      positions += g.length;
    }
    DenseIds ids = new DenseIds(positions);
    for (int s = 0; s < grams.length; s++) {
      int count = Math.max(0, sequences[s].length - n + 1);
      int[] next = new int[count];
      for (int i = 0; i < count; i++) {
        next[i] = ids.idOf(DenseIds.pair(grams[s][i], sequences[s][i + n - 1]));
      }
      grams[s] = next;
    }
    return ids.size();
  }

  private static int clippedMatches(int[][] grams, int distinct) {
    int[] hypCount = new int[distinct];
    for (int g : grams[0]) {
      hypCount[g]++;
    }
    int[] refMax = new int[distinct];
    int[] refCount = new int[distinct];
    for (int s = 1; s < grams.length; s++) {
      for (int g : grams[s]) {
        refCount[g]++;
      }
      for (int g : grams[s]) {
        if (refCount[g] > refMax[g]) {
          refMax[g] = refCount[g];
        }
      }
      for (int g : grams[s]) {
        refCount[g] = 0;
      }
    }
    int correct = 0;
    for (int g : grams[0]) {
      if (hypCount[g] > 0) {
        correct += Math.min(hypCount[g], refMax[g]);
        hypCount[g] = 0;
      }
    }
    return correct;
  }

  /** {@code correct[n-1]}: clipped matches of order n. */
  public int correct(int n) {
    return correct[n - 1];
  }

  /** {@code total[n-1]}: hypothesis n-grams of order n. */
  public int total(int n) {
    return total[n - 1];
  }

  /** The largest order counted. */
  public int maxOrder() {
    return correct.length;
  }

  /** A copy of all clipped match counts, order 1 first. */
  public int[] correct() {
    return correct.clone();
  }

  /** A copy of all hypothesis n-gram counts, order 1 first. */
  public int[] total() {
    return total.clone();
  }

  @Override
  public String toString() {
    return "NgramMatches{correct=" + Arrays.toString(correct) + ", total=" + Arrays.toString(total) + "}";
  }
}
