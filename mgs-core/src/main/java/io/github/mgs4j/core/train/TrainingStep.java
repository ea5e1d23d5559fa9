package io.github.mgs4j.core.train;

import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.optim.StatefulOptimizer;

/**
 * One kind of parameter update the {@link TrainingLoop} repeats: an MGS, MLE, minimum-risk or policy-gradient step.
 *
 * @param <D> the diagnostics each step returns
 */
public interface TrainingStep<D> extends AutoCloseable {

  /**
   * Updates the parameters on one batch.
   *
   * @param batch the batch
   * @param step the global step index (selects random streams)
   * @return the step's diagnostics
   */
  D run(Batch batch, long step);

  /** The optimizer whose state is checkpointed. */
  StatefulOptimizer optimizer();

  /** A short kind tag stored in checkpoints ({@code "mgs"}, {@code "mle"}, {@code "mrt"} or {@code "pg"}). */
  String kind();

  /** A description of the hyper-parameters, for provenance. */
  String describe();

  @Override
  void close();
}
