package io.github.mgs4j.spark;

import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;

/**
 * The tests' run: a bigram model on the counting task, the same on the driver and every worker.
 *
 * @param modelSeed θ₀'s seed
 * @param seed the run's seed
 * @param dropout whether the MLE gradient uses dropout
 */
record BigramSetup(long modelSeed, long seed, boolean dropout) implements ReplicaSetup {
  static final CountingTask TASK = new CountingTask(8);

  @Override
  public BigramModel createModel() {
    return new BigramModel(TASK.vocabulary(), 6, TASK.eos(), modelSeed);
  }

  @Override
  public TaskLoss createTaskLoss() {
    return new MismatchLoss();
  }

  @Override
  public MgsConfig config() {
    return MgsConfig.builder().candidates(5).alpha(10).mleDropout(dropout).build();
  }

  @Override
  public long seed() {
    return seed;
  }

  /** The driver's model is built the same way. */
  SequenceModel driverModel() {
    return createModel();
  }
}
