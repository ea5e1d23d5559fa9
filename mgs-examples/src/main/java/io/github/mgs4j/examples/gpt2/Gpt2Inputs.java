package io.github.mgs4j.examples.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Host-side preparation of token batches: validation (non-empty rows, ids inside the vocabulary, lengths
 * within {@code n_positions}) and the padded id, position and target layouts, transferred to the device in
 * one array each.
 */
final class Gpt2Inputs {
  private Gpt2Inputs() {}

  /**
   * Right-padded sequences {@code prefix ++ suffix} for scoring the suffix tokens: the inputs are every
   * token but the last, and each suffix token is a target predicted from everything before it.
   *
   * @param ids (B, W) int64 input ids, padded with 0
   * @param targetIndex (N) int64 flat indices {@code row * W + position} of the positions predicting a
   *     suffix token, row by row
   * @param targetIds (N) int64 suffix tokens
   * @param rowOfTarget the row of each target, on the host
   */
  record Scoring(NDArray ids, NDArray targetIndex, NDArray targetIds, int[] rowOfTarget) {

    /** The input width W. */
    long width() {
      return ids.getShape().get(1);
    }
  }

  /**
   * Left-padded prompts for incremental decoding.
   *
   * @param ids (B, W) int64 ids, padded with 0 on the left
   * @param positions (B, W) int64 position ids counting from each row's first real token (0 on padding)
   * @param keyValid (B, W) float32, 1 for real tokens and 0 for padding
   * @param width W, the longest prompt
   */
  record Prompts(NDArray ids, NDArray positions, NDArray keyValid, int width) {}

  /** Builds the scoring layout of (prefix, suffix) pairs; see {@link Scoring}. */
  static Scoring scoring(NDManager manager, Gpt2Config config, int[][] prefixes, int[][] suffixes) {
    if (prefixes.length != suffixes.length) {
      throw new IllegalArgumentException(
          prefixes.length + " contexts but " + suffixes.length + " continuations");
    }
    validate(config, prefixes, "context");
    validate(config, suffixes, "continuation");
    int rows = prefixes.length;
    int width = 0;
    int targets = 0;
    for (int i = 0; i < rows; i++) {
      width = Math.max(width, prefixes[i].length + suffixes[i].length - 1);
      targets += suffixes[i].length;
    }
    checkLength(config, width);
    long[] ids = new long[rows * width];
    long[] targetIndex = new long[targets];
    long[] targetIds = new long[targets];
    int[] rowOfTarget = new int[targets];
    int n = 0;
    for (int i = 0; i < rows; i++) {
      int[] prefix = prefixes[i];
      int[] suffix = suffixes[i];
      for (int t = 0; t < prefix.length; t++) {
        ids[i * width + t] = prefix[t];
      }
      for (int t = 0; t < suffix.length; t++) {
        int position = prefix.length + t;
        if (position < width) {
          ids[i * width + position] = suffix[t];
        }
        targetIndex[n] = (long) i * width + position - 1;
        targetIds[n] = suffix[t];
        rowOfTarget[n++] = i;
      }
    }
    return new Scoring(
        manager.create(ids, new Shape(rows, width)),
        manager.create(targetIndex),
        manager.create(targetIds),
        rowOfTarget);
  }

  /** Builds the left-padded prompt layout; see {@link Prompts}. */
  static Prompts prompts(NDManager manager, Gpt2Config config, int[][] contexts) {
    validate(config, contexts, "context");
    int rows = contexts.length;
    int width = 0;
    for (int[] c : contexts) {
      width = Math.max(width, c.length);
    }
    checkLength(config, width);
    long[] ids = new long[rows * width];
    long[] positions = new long[rows * width];
    float[] valid = new float[rows * width];
    for (int i = 0; i < rows; i++) {
      int pad = width - contexts[i].length;
      for (int t = 0; t < contexts[i].length; t++) {
        ids[i * width + pad + t] = contexts[i][t];
        positions[i * width + pad + t] = t;
        valid[i * width + pad + t] = 1f;
      }
    }
    Shape shape = new Shape(rows, width);
    return new Prompts(
        manager.create(ids, shape),
        manager.create(positions, shape),
        manager.create(valid, shape),
        width);
  }

  /**
   * Checks that there is at least one row, every row is non-empty, and every id is in the vocabulary.
   *
   * @throws IllegalArgumentException naming the row, position and id
   */
  static void validate(Gpt2Config config, int[][] rows, String what) {
    if (rows == null || rows.length == 0) {
      throw new IllegalArgumentException("no " + what + "s: need at least one row");
    }
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length == 0) {
        throw new IllegalArgumentException("empty " + what + " in row " + i);
      }
      for (int t = 0; t < rows[i].length; t++) {
        int id = rows[i][t];
        if (id < 0 || id >= config.vocabSize()) {
          throw new IllegalArgumentException(
              "token id " + id + " in " + what + " row " + i + " at position " + t
                  + " is outside the vocabulary [0, " + config.vocabSize() + ")");
        }
      }
    }
  }

  private static void checkLength(Gpt2Config config, int length) {
    if (length > config.nPositions()) {
      throw new IllegalArgumentException(
          "sequence of " + length + " input tokens exceeds n_positions = " + config.nPositions());
    }
  }
}
