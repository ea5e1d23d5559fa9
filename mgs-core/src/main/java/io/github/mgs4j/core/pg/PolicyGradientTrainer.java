package io.github.mgs4j.core.pg;

import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.sequence.ObjectiveTrainer;
import io.github.mgs4j.core.train.TrainerBuilder;
import io.github.mgs4j.core.train.TrainingPlan;
import io.github.mgs4j.core.train.TrainingStep;

/**
 * Trains a {@link SequenceModel} by policy gradient (REINFORCE) in the loop MGS uses: validation on the task
 * loss of greedy decodes, early stopping, checkpoints (kind {@code "pg"}) and exact resume.
 *
 * <pre>{@code
 * PolicyGradientTrainer trainer = PolicyGradientTrainer.builder(model, taskLoss)
 *     .config(PolicyGradientConfig.builder().samples(8).build())
 *     .trainerConfig(TrainerConfig.builder().maxSteps(500).validateEvery(100).seed(7).build())
 *     .validation(validBatches)
 *     .build();
 * TrainingResult result = trainer.train(trainBatches);
 * }</pre>
 */
public final class PolicyGradientTrainer extends ObjectiveTrainer<PolicyGradientConfig, PolicyGradientDiagnostics> {

  private PolicyGradientTrainer(SequenceModel model, TaskLoss taskLoss, PolicyGradientConfig config,
      TrainingPlan<PolicyGradientDiagnostics> plan) {
    super(model, taskLoss, config, plan);
  }

  /**
   * Starts a builder, with {@link PolicyGradientConfig#defaults()} unless {@link Builder#config} sets another.
   *
   * @param model the model to fine-tune (usually MLE-trained first)
   * @param taskLoss the sequence-level loss to minimise
   */
  public static Builder builder(SequenceModel model, TaskLoss taskLoss) {
    return new Builder(model, taskLoss);
  }

  @Override
  protected TrainingStep<PolicyGradientDiagnostics> newStep(
      SequenceModel model, TaskLoss taskLoss, PolicyGradientConfig config, SeedStream seeds) {
    return new PolicyGradientStep(model, taskLoss, config, seeds);
  }

  /** Builder for {@link PolicyGradientTrainer}. */
  public static final class Builder
      extends TrainerBuilder<Builder, PolicyGradientConfig, PolicyGradientDiagnostics> {

    private Builder(SequenceModel model, TaskLoss taskLoss) {
      super(model, taskLoss, PolicyGradientConfig.defaults());
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Builds the trainer. */
    public PolicyGradientTrainer build() {
      return new PolicyGradientTrainer(model(), taskLoss(), config(), plan(config().decodeLength()));
    }
  }
}
