package io.github.mgs4j.examples.bench;

import io.github.mgs4j.core.model.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic batches for benchmarks: contexts of 10 random ids, targets of a fixed length of
 * random ids ending with EOS. The same seed gives the same ids in Java and (through the JSON the bench
 * writes) in the Python peer.
 */
final class BenchBatches {
  private BenchBatches() {}

  static List<Batch> synthetic(int count, int batchSize, int targetLength, int vocabulary, int eos, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Batch> out = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      int[][] contexts = new int[batchSize][10];
      int[][] targets = new int[batchSize][targetLength];
      for (int i = 0; i < batchSize; i++) {
        for (int j = 0; j < 10; j++) {
          contexts[i][j] = draw(random, vocabulary, eos);
        }
        for (int j = 0; j < targetLength - 1; j++) {
          targets[i][j] = draw(random, vocabulary, eos);
        }
        targets[i][targetLength - 1] = eos;
      }
      out.add(new Batch(contexts, targets));
    }
    return out;
  }

  private static int draw(SplittableRandom random, int vocabulary, int eos) {
    int id;
    do {
      id = random.nextInt(vocabulary);
    } while (id == eos);
    return id;
  }
}
