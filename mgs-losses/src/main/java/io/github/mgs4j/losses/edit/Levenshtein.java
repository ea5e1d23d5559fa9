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
    if (b.length == 0) {
      return a.length;
    }
    if (b.length <= 64) {
      // Pattern b (the shorter) as bit masks: one per distinct id.
      IntMasks masks = new IntMasks(b);
      long[] eq = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        eq[i] = masks.mask(a[i]);
      }
      return bitParallel(eq, b.length);
    }
    return dynamicProgramme(a, b);
  }

  /** The distance between two token sequences, tokens compared by {@link String#equals}. */
  public static int distance(String[] a, String[] b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.length < b.length) {
      String[] t = a;
      a = b;
      b = t;
    }
    if (b.length == 0) {
      return a.length;
    }
    if (b.length <= 64) {
      StringMasks masks = new StringMasks(b);
      long[] eq = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        eq[i] = masks.mask(Objects.requireNonNull(a[i], "token"));
      }
      return bitParallel(eq, b.length);
    }
    TokenIds ids = new TokenIds();
    return dynamicProgramme(ids.of(a), ids.of(b));
  }

  /**
   * Myers' bit-parallel Levenshtein (Hyyrö's formulation) for a pattern of {@code m ≤ 64} symbols:
   * {@code eq[j]} has bit i set when text symbol j equals pattern symbol i.
   */
  static int bitParallel(long[] eq, int m) {
    long pv = -1L;
    long mv = 0L;
    long high = 1L << (m - 1);
    int score = m;
    for (long e : eq) {
      long xv = e | mv;
      long xh = (((e & pv) + pv) ^ pv) | e;
      long ph = mv | ~(xh | pv);
      long mh = pv & xh;
      if ((ph & high) != 0) {
        score++;
      } else if ((mh & high) != 0) {
        score--;
      }
      ph = (ph << 1) | 1L;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
    }
    return score;
  }

  /** The classic two-row dynamic programme, for any lengths. */
  static int dynamicProgramme(int[] a, int[] b) {
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

  /** log2 of a hash-table size at least twice {@code entries} (at least 8 slots). */
  static int tableBits(int entries) {
    return Math.max(3, 33 - Integer.numberOfLeadingZeros(entries));
  }

  /** Open-addressing map from the ids of a pattern (at most 64) to their position masks. */
  private static final class IntMasks {
    private final int[] keys;
    private final long[] masks;
    private final boolean[] used;
    private final int shift;

    IntMasks(int[] pattern) {
      int bits = tableBits(pattern.length);
      keys = new int[1 << bits];
      masks = new long[1 << bits];
      used = new boolean[1 << bits];
      shift = 32 - bits;
      for (int i = 0; i < pattern.length; i++) {
        int slot = find(pattern[i]);
        used[slot] = true;
        keys[slot] = pattern[i];
        masks[slot] |= 1L << i;
      }
    }

    private int find(int key) {
      int slot = (key * 0x9E3779B9) >>> shift;
      while (used[slot] && keys[slot] != key) {
        slot = (slot + 1) & (keys.length - 1);
      }
      return slot;
    }

    long mask(int key) {
      int slot = find(key);
      return used[slot] ? masks[slot] : 0L;
    }
  }

  /** Open-addressing map from the tokens of a pattern (at most 64) to their position masks. */
  private static final class StringMasks {
    private final String[] keys;
    private final long[] masks;
    private final int shift;

    StringMasks(String[] pattern) {
      int bits = tableBits(pattern.length);
      keys = new String[1 << bits];
      masks = new long[1 << bits];
      shift = 32 - bits;
      for (int i = 0; i < pattern.length; i++) {
        String t = Objects.requireNonNull(pattern[i], "token");
        int slot = find(t);
        keys[slot] = t;
        masks[slot] |= 1L << i;
      }
    }

    private int find(String key) {
      int slot = (key.hashCode() * 0x9E3779B9) >>> shift;
      while (keys[slot] != null && !keys[slot].equals(key)) {
        slot = (slot + 1) & (keys.length - 1);
      }
      return slot;
    }

    long mask(String key) {
      int slot = find(key);
      return keys[slot] != null ? masks[slot] : 0L;
    }
  }
}
