package io.github.mgs4j.spark;

import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.search.MgsConfig;
import java.io.Serializable;

/**
 * How a worker builds its replica of the run: the same model θ₀, task loss, hyper-parameters and seed as the
 * driver. It is serialised to every executor once (a Spark broadcast) and called there, so it carries recipes
 * (paths, sizes, seeds), never arrays. A worker whose replica does not match the driver's parameters is found
 * by the parameter checksum and refused with an error naming the step.
 */
public interface ReplicaSetup extends Serializable {

  /** The model as the run starts from it (θ₀), on the worker's device; the replica owns and closes it. */
  SequenceModel createModel();

  /**
   * The task loss. Rows are pooled as {@link TaskLoss#pooled}'s mean of {@link TaskLoss#perSequence}, so a loss
   * that overrides {@code pooled} (a corpus-level loss) cannot be sharded and is refused.
   */
  TaskLoss createTaskLoss();

  /** The hyper-parameters: the driver's {@link MgsConfig}. */
  MgsConfig config();

  /** The run's seed: the driver's {@code TrainerConfig.seed()} (candidates and dropout derive from it). */
  long seed();

  /**
   * How the replica's step runs: the driver's execution settings (host passes, MLE micro-batches); the
   * evaluator and the direction storage are set by the worker.
   */
  default ExecutionConfig execution() {
    return ExecutionConfig.defaults();
  }
}
