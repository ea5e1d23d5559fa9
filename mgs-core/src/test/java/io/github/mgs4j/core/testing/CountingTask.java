package io.github.mgs4j.core.testing;

import io.github.mgs4j.core.model.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The toy task of the core tests: symbols 0..S−1 and EOS = S. A context is two consecutive symbols ending at
 * s; the target counts on (s+1, s+2, …, S−1) and ends with EOS. A bigram model can learn it exactly.
 */
public final class CountingTask {
  private final int symbols;

  /**
   * Creates the task.
   *
   * @param symbols the number of symbols S (vocabulary = S + 1)
   */
  public CountingTask(int symbols) {
    this.symbols = symbols;
  }

  /** The vocabulary size S + 1. */
  public int vocabulary() {
    return symbols + 1;
  }

  /** The EOS id S. */
  public int eos() {
    return symbols;
  }

  /** Random batches of the task. */
  public List<Batch> batches(int count, int batchSize, long seed) {
    Random random = new Random(seed);
    List<Batch> out = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      int[][] contexts = new int[batchSize][];
      int[][] targets = new int[batchSize][];
      for (int i = 0; i < batchSize; i++) {
        int start = 1 + random.nextInt(symbols - 2);
        contexts[i] = new int[] {start - 1, start};
        targets[i] = new int[symbols - start];
        for (int j = 0; j < targets[i].length - 1; j++) {
          targets[i][j] = start + 1 + j;
        }
        targets[i][targets[i].length - 1] = eos();
      }
      out.add(new Batch(contexts, targets));
    }
    return out;
  }
}
