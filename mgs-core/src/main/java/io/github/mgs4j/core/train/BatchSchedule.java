package io.github.mgs4j.core.train;

import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.rng.SeedStream;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The deterministic order in which training batches are visited: epoch e is a permutation of the batches
 * drawn from the seed's {@code "epoch"} stream, so the batch of step s is a function of (seed, s) alone and a
 * resumed run sees exactly the batches the uninterrupted run would have.
 */
public final class BatchSchedule {
  private final List<Batch> batches;
  private final SeedStream seeds;
  private long cachedEpoch = -1;
  private int[] cachedOrder;

  /**
   * Creates the schedule.
   *
   * @param batches the training batches (at least one)
   * @param seeds the run's random streams
   */
  public BatchSchedule(List<Batch> batches, SeedStream seeds) {
    this.batches = List.copyOf(Objects.requireNonNull(batches, "batches"));
    if (this.batches.isEmpty()) {
      throw new IllegalArgumentException("no training batches");
    }
    this.seeds = Objects.requireNonNull(seeds, "seeds");
  }

  /** The batch of global step {@code step}. */
  public Batch batch(long step) {
    long epoch = step / batches.size();
    if (epoch != cachedEpoch) {
      cachedOrder = permutation(batches.size(), seeds.random("epoch", epoch));
      cachedEpoch = epoch;
    }
    return batches.get(cachedOrder[(int) (step % batches.size())]);
  }

  private static int[] permutation(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
