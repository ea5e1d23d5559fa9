package io.github.mgs4j.core.decode;

import java.util.Objects;

/**
 * The continuations a decoder produced for a batch. Each row holds the generated tokens after the
 * context, cut after the first EOS (the EOS kept) or at the maximum length.
 */
public final class DecodedBatch {
  private final int[][] tokens;
  private final boolean[] terminated;

  /**
   * Creates a decoded batch.
   *
   * @param tokens the generated tokens per row (possibly empty rows)
   * @param terminated per row, whether it ended with EOS
   */
  public DecodedBatch(int[][] tokens, boolean[] terminated) {
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(terminated, "terminated");
    if (tokens.length != terminated.length) {
      throw new IllegalArgumentException(
          "mismatched decode: " + tokens.length + " rows but " + terminated.length + " flags");
    }
    this.tokens = new int[tokens.length][];
    for (int i = 0; i < tokens.length; i++) {
      this.tokens[i] = Objects.requireNonNull(tokens[i], "row " + i).clone();
    }
    this.terminated = terminated.clone();
  }

  /** Number of rows. */
  public int size() {
    return tokens.length;
  }

  /** A copy of row {@code i}'s generated tokens. */
  public int[] tokens(int i) {
    return tokens[i].clone();
  }

  /** Whether row {@code i} produced EOS. */
  public boolean terminated(int i) {
    return terminated[i];
  }

  /** Total number of generated tokens. */
  public long tokenCount() {
    long n = 0;
    for (int[] row : tokens) {
      n += row.length;
    }
    return n;
  }
}
