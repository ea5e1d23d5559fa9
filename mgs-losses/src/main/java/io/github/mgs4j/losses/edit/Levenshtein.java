package io.github.mgs4j.losses.edit;

import java.util.Objects;

/**
 * Levenshtein distance (unit insert, delete and substitute costs, no transpositions), the metric of
 * {@code Levenshtein.distance}, {@code editdistance.eval} and NLTK's {@code edit_distance} defaults, over
 * token ids, string tokens and Unicode code points. Myers' bit-parallel algorithm over the shorter sequence:
 * O(|a|) word operations for up to 64 symbols, O(|a| · ⌈|b|/64⌉) beyond, memory linear in the shorter side;
 * stateless and thread-safe.
 */
public final class Levenshtein {
  /**
   * The most position masks (distinct pattern symbols × blocks) the block form allocates, 32 MiB; beyond, the
   * two-row programme runs instead (linear memory, quadratic time).
   */
  static final long MAX_BLOCK_MASKS = 1L << 22;

  private Levenshtein() {}

  private static int blocks(int m) {
    return (m + 63) >>> 6;
  }

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
    return blockParallel(a, b);
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
    return distance(ids.of(a), ids.of(b));
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

  /**
   * Myers' bit-parallel algorithm over blocks of 64 pattern symbols (Hyyrö's block form, as in edlib) for a
   * pattern of any length: O(|text| · ⌈m/64⌉) time, O(σ · ⌈m/64⌉) memory for the σ distinct pattern symbols.
   * Each text symbol advances the blocks top to bottom, passing the horizontal delta of a block's last row
   * down to the next; the last block's delta at row m updates the distance.
   */
  static int blockParallel(int[] text, int[] pattern) {
    int m = pattern.length;
    if (m == 0) {
      return text.length;
    }
    int blocks = blocks(m);
    IntMasks index = new IntMasks(pattern, blocks);
    long[] peq = index.blockMasks();
    if (peq == null) {
      return dynamicProgramme(text, pattern);
    }
    int[] bases = new int[text.length];
    for (int j = 0; j < text.length; j++) {
      int slot = index.slotOf(text[j]);
      bases[j] = slot < 0 ? -1 : slot * blocks;
    }
    return blockKernel(bases, peq, blocks, m);
  }

  /**
   * The block recurrence: {@code bases[j]} is where text symbol j's masks start in {@code peq} (one
   * {@code long} per block), or −1 for a symbol the pattern of length {@code m} does not contain.
   */
  private static int blockKernel(int[] bases, long[] peq, int blocks, int m) {
    long[] pv = new long[blocks];
    long[] mv = new long[blocks];
    java.util.Arrays.fill(pv, -1L);
    long lastRow = 1L << ((m - 1) & 63);
    int score = m;
    for (int base : bases) {
      int hin = 1;
      for (int b = 0; b < blocks; b++) {
        long eq = base < 0 ? 0L : peq[base + b];
        long p = pv[b];
        long n = mv[b];
        long xv = eq | n;
        if (hin < 0) {
          eq |= 1L;
        }
        long xh = (((eq & p) + p) ^ p) | eq;
        long ph = n | ~(xh | p);
        long mh = p & xh;
        long high = b == blocks - 1 ? lastRow : Long.MIN_VALUE;
        int hout = (ph & high) != 0 ? 1 : (mh & high) != 0 ? -1 : 0;
        ph <<= 1;
        mh <<= 1;
        if (hin < 0) {
          mh |= 1L;
        } else if (hin > 0) {
          ph |= 1L;
        }
        pv[b] = mh | ~(xv | ph);
        mv[b] = ph & xv;
        hin = hout;
      }
      score += hin;
    }
    return score;
  }

  /**
   * Strings whose characters are all below U+0100 (one code point each): the position masks are indexed by
   * the character itself, so neither code-point arrays nor a hash table are built.
   */
  private static int latin1Distance(String a, String b) {
    if (a.length() < b.length()) {
      String t = a;
      a = b;
      b = t;
    }
    int m = b.length();
    if (m == 0) {
      return a.length();
    }
    int blocks = blocks(m);
    long[] peq = new long[256 * blocks];
    for (int i = 0; i < m; i++) {
      peq[b.charAt(i) * blocks + (i >>> 6)] |= 1L << (i & 63);
    }
    if (blocks == 1) {
      long[] eq = new long[a.length()];
      for (int j = 0; j < eq.length; j++) {
        eq[j] = peq[a.charAt(j)];
      }
      return bitParallel(eq, m);
    }
    int[] bases = new int[a.length()];
    for (int j = 0; j < bases.length; j++) {
      bases[j] = a.charAt(j) * blocks;
    }
    return blockKernel(bases, peq, blocks, m);
  }

  private static boolean isLatin1(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xFF) {
        return false;
      }
    }
    return true;
  }

  /** The classic two-row dynamic programme, for any lengths (the reference the bit-parallel forms are tested against). */
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
    if (Math.min(a.length(), b.length()) <= 64L * (MAX_BLOCK_MASKS / 256) && isLatin1(a) && isLatin1(b)) {
      return latin1Distance(a, b);
    }
    return distance(codePoints(a), codePoints(b));
  }

  private static int[] codePoints(String s) {
    int[] out = new int[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      out[n++] = cp;
      i += Character.charCount(cp);
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
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

  /**
   * Open-addressing map from the ids of a pattern to their position masks: one {@code long} per id for a
   * pattern of at most 64 symbols, or one per id and block of 64 positions ({@link #blockMasks()}).
   */
  private static final class IntMasks {
    private final int[] keys;
    private final int[] slots;
    private final boolean[] used;
    private final long[] masks;
    private final int shift;
    private int distinct;

    IntMasks(int[] pattern) {
      this(pattern, 1);
    }

    IntMasks(int[] pattern, int blocks) {
      int bits = tableBits(pattern.length);
      keys = new int[1 << bits];
      slots = new int[1 << bits];
      used = new boolean[1 << bits];
      shift = 32 - bits;
      int[] slotOfPosition = new int[pattern.length];
      for (int i = 0; i < pattern.length; i++) {
        int slot = find(pattern[i]);
        if (!used[slot]) {
          used[slot] = true;
          keys[slot] = pattern[i];
          slots[slot] = distinct++;
        }
        slotOfPosition[i] = slots[slot];
      }
      if ((long) distinct * blocks > MAX_BLOCK_MASKS) {
        masks = null;
        return;
      }
      masks = new long[distinct * blocks];
      for (int i = 0; i < pattern.length; i++) {
        masks[slotOfPosition[i] * blocks + (i >>> 6)] |= 1L << (i & 63);
      }
    }

    private int find(int key) {
      int slot = (key * 0x9E3779B9) >>> shift;
      while (used[slot] && keys[slot] != key) {
        slot = (slot + 1) & (keys.length - 1);
      }
      return slot;
    }

    /** The dense index of {@code key} among the pattern's distinct ids, or −1. */
    int slotOf(int key) {
      int slot = find(key);
      return used[slot] ? slots[slot] : -1;
    }

    /** For a pattern of at most 64 symbols: the positions of {@code key} as a bit mask. */
    long mask(int key) {
      int slot = slotOf(key);
      return slot < 0 ? 0L : masks[slot];
    }

    /** The masks of every distinct id and block ({@code [slotOf(id) * blocks + block]}), null over the cap. */
    long[] blockMasks() {
      return masks;
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
