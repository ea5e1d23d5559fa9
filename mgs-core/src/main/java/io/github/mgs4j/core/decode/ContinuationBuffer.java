package io.github.mgs4j.core.decode;

import java.util.Arrays;

/**
 * Collects generated tokens per original row while a decoder runs, and which rows are still live (have not
 * produced EOS). Live rows are numbered in session order, so a decoder can drop finished rows from its
 * session and keep the mapping.
 */
final class ContinuationBuffer {
  private final int eosId;
  private final int[][] tokens;
  private final int[] lengths;
  private final boolean[] terminated;
  private int[] liveRows;

  ContinuationBuffer(int rows, int maxNewTokens, int eosId) {
    this.eosId = eosId;
    this.tokens = new int[rows][maxNewTokens];
    this.lengths = new int[rows];
    this.terminated = new boolean[rows];
    this.liveRows = new int[rows];
    for (int i = 0; i < rows; i++) {
      liveRows[i] = i;
    }
  }

  /** The number of live rows. */
  int liveCount() {
    return liveRows.length;
  }

  /** The original row of live row {@code r}. */
  int originalRow(int r) {
    return liveRows[r];
  }

  /**
   * Appends one token to every live row (in session order).
   *
   * @return the indices (in session order) of the rows that are still live afterwards, or {@code null} when
   *     every live row is still live
   */
  int[] append(long[] next) {
    if (next.length != liveRows.length) {
      throw new IllegalStateException("decoder produced " + next.length + " tokens for " + liveRows.length + " rows");
    }
    int stillLive = 0;
    for (int r = 0; r < next.length; r++) {
      int row = liveRows[r];
      int token = Math.toIntExact(next[r]);
      tokens[row][lengths[row]++] = token;
      if (token == eosId) {
        terminated[row] = true;
      } else {
        stillLive++;
      }
    }
    if (stillLive == next.length) {
      return null;
    }
    int[] keep = new int[stillLive];
    int[] newLive = new int[stillLive];
    int j = 0;
    for (int r = 0; r < next.length; r++) {
      if (!terminated[liveRows[r]]) {
        keep[j] = r;
        newLive[j] = liveRows[r];
        j++;
      }
    }
    liveRows = newLive;
    return keep;
  }

  /** The continuations so far. */
  DecodedBatch result() {
    int[][] out = new int[tokens.length][];
    for (int i = 0; i < tokens.length; i++) {
      out[i] = Arrays.copyOf(tokens[i], lengths[i]);
    }
    return new DecodedBatch(out, terminated);
  }
}
