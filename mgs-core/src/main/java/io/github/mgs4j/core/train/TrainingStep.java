package io.github.mgs4j.core.train;

import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.optim.StatefulOptimizer;
import java.util.Map;

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

  /**
   * The settings that define this step's trajectory, by name (hyper-parameters, task loss, optimizer; not
   * how the step runs), recorded in checkpoints and compared on resume. The default is the whole
   * {@link #describe() description} as one field; implementations list their fields separately so that a
   * refused resume can name each one.
   */
  default Map<String, String> identity() {
    return Map.of("description", describe());
  }

  @Override
  void close();
}
