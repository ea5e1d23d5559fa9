package io.github.mgs4j.spark;

import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import java.util.List;

/**
 * C(θ + Δ_k) from the shards' per-row losses, pooled by {@link TaskLoss#pooled} itself (the mean in row order,
 * non-finite values refused), so a sharded step pools exactly as a step that decodes the whole batch does.
 */
final class PooledLoss {
  private PooledLoss() {}

  /**
   * Pools candidate k's losses over every shard.
   *
   * @param batch the whole batch
   * @param shards every worker's contribution, in shard (= row) order
   * @param k the candidate
   * @param lossName the task loss's name (for the error on a non-finite loss)
   * @return C(θ + Δ_k)
   */
  static double of(Batch batch, List<ShardLosses> shards, int k, String lossName) {
    double[] rows = new double[batch.size()];
    int at = 0;
    for (ShardLosses shard : shards) {
      double[] part = shard.losses()[k];
      if (at + part.length > rows.length) {
        throw new IllegalStateException("the shards hold more than the batch's " + rows.length + " rows");
      }
      System.arraycopy(part, 0, rows, at, part.length);
      at += part.length;
    }
    if (at != rows.length) {
      throw new IllegalStateException("the shards hold " + at + " rows of a batch of " + rows.length);
    }
    TaskLoss known = new KnownLosses(lossName, rows);
    return known.pooled(batch, new DecodedBatch(new int[rows.length][0], new boolean[rows.length]));
  }

  /** Total tokens decoded for candidate k over every shard. */
  static long tokens(List<ShardLosses> shards, int k) {
    long total = 0;
    for (ShardLosses shard : shards) {
      total += shard.tokens()[k];
    }
    return total;
  }

  /** A task loss whose per-sequence values are already known. */
  private record KnownLosses(String name, double[] rows) implements TaskLoss {
    @Override
    public double[] perSequence(Batch batch, DecodedBatch decoded) {
      return rows.clone();
    }
  }
}
