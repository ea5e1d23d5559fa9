package io.github.mgs4j.core.sequence;

import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.train.TrainingLoop;
import io.github.mgs4j.core.train.TrainingPlan;
import io.github.mgs4j.core.train.TrainingResult;
import io.github.mgs4j.core.train.TrainingStep;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A trainer of one sequence-level objective in the shared {@link TrainingLoop}: it makes the step from the model,
 * the task loss, the hyper-parameters and the run's seeds, and runs the plan (validation, early stopping,
 * checkpoints, exact resume). Every training batch is checked against the configuration's decode length before any
 * work.
 *
 * @param <C> the hyper-parameters' type
 * @param <D> the step diagnostics type
 */
public abstract class ObjectiveTrainer<C extends SequenceObjectiveConfig, D> {
  private final SequenceModel model;
  private final TaskLoss taskLoss;
  private final C config;
  private final TrainingPlan<D> plan;

  /**
   * Creates the trainer.
   *
   * @param model the model to fine-tune
   * @param taskLoss the task loss
   * @param config the hyper-parameters
   * @param plan the loop settings, validator and listeners
   */
  protected ObjectiveTrainer(SequenceModel model, TaskLoss taskLoss, C config, TrainingPlan<D> plan) {
    this.model = Objects.requireNonNull(model, "model");
    this.taskLoss = Objects.requireNonNull(taskLoss, "taskLoss");
    this.config = Objects.requireNonNull(config, "config");
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  /** The hyper-parameters. */
  public C config() {
    return config;
  }

  /**
   * Makes the step.
   *
   * @param model the model
   * @param taskLoss the task loss
   * @param config the hyper-parameters
   * @param seeds the run's random streams
   * @return the step, closed by the trainer
   */
  protected abstract TrainingStep<D> newStep(SequenceModel model, TaskLoss taskLoss, C config, SeedStream seeds);

  /**
   * Trains on the batches (resuming from the checkpoint directory when it holds a checkpoint).
   *
   * @param trainBatches the training batches
   * @return how the run ended
   * @throws IOException if a checkpoint cannot be written or read
   */
  public TrainingResult train(List<Batch> trainBatches) throws IOException {
    DecodeLength length = config.decodeLength();
    for (int b = 0; b < trainBatches.size(); b++) {
      length.requireFits(model, trainBatches.get(b), "training batch " + b);
    }
    try (TrainingStep<D> step = newStep(model, taskLoss, config, new SeedStream(plan.config().seed()))) {
      return plan.run(model, step, trainBatches);
    }
  }
}
