package io.github.mgs4j.losses.edit;

import java.util.Objects;

/**
 * Levenshtein distance (unit insert, delete and substitute costs, no transpositions), the metric of
 * {@code Levenshtein.distance}, {@code editdistance.eval} and NLTK's {@code edit_distance} defaults, over
 * token ids, string tokens and Unicode code points. Two-row dynamic programme, O(|a|·|b|) time, O(min) space;
 * stateless and thread-safe.
 */
public final class Levenshtein {
  private Levenshtein() {}

  /** The distance between two id sequences. */
  public static int distance(int[] a, int[] b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.length < b.length) {
      int[] t = a;
      a = b;
      b = t;
    }
    int[] row = new int[b.length + 1];
    for (int j = 0; j <= b.length; j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length; i++) {
      int diagonal = row[0];
      row[0] = i;
      int ai = a[i - 1];
      for (int j = 1; j <= b.length; j++) {
        int above = row[j];
        int cost = ai == b[j - 1] ? diagonal : diagonal + 1;
        int best = Math.min(above, row[j - 1]) + 1;
        row[j] = Math.min(cost, best);
        diagonal = above;
      }
    }
    return row[b.length];
  }

  /** The distance between two token sequences, tokens compared by {@link String#equals}. */
  public static int distance(String[] a, String[] b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    TokenIds ids = new TokenIds();
    return distance(ids.of(a), ids.of(b));
  }

  /** The distance between two strings over Unicode code points (not UTF-16 units). */
  public static int codePointDistance(String a, String b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    return distance(a.codePoints().toArray(), b.codePoints().toArray());
  }

  /** Interns string tokens as small ids so the integer kernel can compare them. */
  private static final class TokenIds {
    private final java.util.HashMap<String, Integer> ids = new java.util.HashMap<>();

    int[] of(String[] tokens) {
      int[] out = new int[tokens.length];
      for (int i = 0; i < tokens.length; i++) {
        out[i] = ids.computeIfAbsent(Objects.requireNonNull(tokens[i], "token " + i), k -> ids.size());
      }
      return out;
    }
  }
}
