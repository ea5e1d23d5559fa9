package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Validation and padded layouts of token-id rows. Sources are right-padded with {@code pad_token_id} (as
 * transformers' Marian tokenizer pads) and masked in every attention to them; decoder rows start with
 * {@code decoder_start_token_id} and are right-padded, and only real target positions are scored.
 */
final class MarianInputs {
  private MarianInputs() {}

  /** A batch of sources: ids (B, S) int64 and the padding bias (B, 1, 1, S), null when no row is padded. */
  record Sources(NDArray ids, NDArray bias, int width) {}

  /**
   * The decoder side of a scoring batch.
   *
   * @param inputs (B, T) int64: the start token then every target token but the last, right-padded
   * @param positions (N) int64: the flat indices {@code b·T + t} of the N real target positions
   * @param labels (N) int64: the target token at each of them
   * @param rowSum (B, N) float32: 1 where target position n belongs to row b (sums per row by a matmul)
   * @param rowOfTarget the row of each of the N positions
   * @param width T
   */
  record Targets(NDArray inputs, NDArray positions, NDArray labels, NDArray rowSum, int[] rowOfTarget, int width) {}

  /**
   * Checks rows of ids.
   *
   * @param rows the rows
   * @param vocabulary ids must be in {@code [0, vocabulary)}
   * @param maxLength the longest allowed row
   * @param what "source" or "target", for messages
   * @throws IllegalArgumentException naming the row and position of the first problem
   */
  static void validate(int[][] rows, int vocabulary, int maxLength, String what) {
    if (rows == null || rows.length == 0) {
      throw new IllegalArgumentException("no " + what + " rows");
    }
    for (int i = 0; i < rows.length; i++) {
      int[] row = rows[i];
      if (row == null || row.length == 0) {
        throw new IllegalArgumentException("empty " + what + " in row " + i);
      }
      if (row.length > maxLength) {
        throw new IllegalArgumentException(
            what + " row " + i + " has " + row.length + " tokens; max_position_embeddings is " + maxLength);
      }
      for (int t = 0; t < row.length; t++) {
        if (row[t] < 0 || row[t] >= vocabulary) {
          throw new IllegalArgumentException(
              what + " row " + i + " position " + t + ": id " + row[t] + " is outside the vocabulary [0, "
                  + vocabulary + ")");
        }
      }
    }
  }

  static Sources sources(NDManager manager, MarianConfig config, int[][] rows) {
    validate(rows, config.vocabSize(), config.maxPositionEmbeddings(), "source");
    int width = 0;
    for (int[] row : rows) {
      width = Math.max(width, row.length);
    }
    long[] ids = new long[rows.length * width];
    float[] bias = new float[rows.length * width];
    boolean padded = false;
    for (int b = 0; b < rows.length; b++) {
      for (int t = 0; t < width; t++) {
        boolean real = t < rows[b].length;
        ids[b * width + t] = real ? rows[b][t] : config.padTokenId();
        bias[b * width + t] = real ? 0f : MarianOps.MASKED;
        padded |= !real;
      }
    }
    NDArray idArray = manager.create(ids, new Shape(rows.length, width));
    NDArray biasArray = padded ? manager.create(bias, new Shape(rows.length, 1, 1, width)) : null;
    return new Sources(idArray, biasArray, width);
  }

  static Targets targets(NDManager manager, MarianConfig config, int[][] rows) {
    validate(rows, config.decoderVocabSize(), config.maxPositionEmbeddings(), "target");
    int width = 0;
    int count = 0;
    for (int[] row : rows) {
      width = Math.max(width, row.length);
      count += row.length;
    }
    long[] inputs = new long[rows.length * width];
    long[] positions = new long[count];
    long[] labels = new long[count];
    float[] rowSum = new float[rows.length * count];
    int[] rowOfTarget = new int[count];
    int n = 0;
    for (int b = 0; b < rows.length; b++) {
      for (int t = 0; t < width; t++) {
        int at = b * width + t;
        if (t < rows[b].length) {
          inputs[at] = t == 0 ? config.decoderStartTokenId() : rows[b][t - 1];
          positions[n] = at;
          labels[n] = rows[b][t];
          rowSum[b * count + n] = 1f;
          rowOfTarget[n] = b;
          n++;
        } else {
          inputs[at] = config.padTokenId();
        }
      }
    }
    return new Targets(
        manager.create(inputs, new Shape(rows.length, width)),
        manager.create(positions),
        manager.create(labels),
        manager.create(rowSum, new Shape(rows.length, count)),
        rowOfTarget,
        width);
  }

  /** The causal bias (T, T): {@link MarianOps#MASKED} where the key comes after the query. */
  static NDArray causalBias(NDManager manager, long length) {
    NDArray q = manager.arange(0, length, 1, DataType.INT64).reshape(length, 1);
    NDArray k = manager.arange(0, length, 1, DataType.INT64).reshape(1, length);
    return k.gt(q).toType(DataType.FLOAT32, false).mul(MarianOps.MASKED);
  }
}
