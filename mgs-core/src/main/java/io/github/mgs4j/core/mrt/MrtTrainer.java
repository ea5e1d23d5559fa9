package io.github.mgs4j.core.mrt;

import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.sequence.ObjectiveTrainer;
import io.github.mgs4j.core.train.TrainerBuilder;
import io.github.mgs4j.core.train.TrainingPlan;
import io.github.mgs4j.core.train.TrainingStep;

/**
 * Trains a {@link SequenceModel} by minimum risk training in the loop MGS uses: validation on the task loss of
 * greedy decodes, early stopping, checkpoints (kind {@code "mrt"}) and exact resume.
 *
 * <pre>{@code
 * MrtTrainer trainer = MrtTrainer.builder(model, taskLoss)
 *     .config(MrtConfig.builder().samples(16).build())
 *     .trainerConfig(TrainerConfig.builder().maxSteps(500).validateEvery(100).seed(7).build())
 *     .validation(validBatches)
 *     .build();
 * TrainingResult result = trainer.train(trainBatches);
 * }</pre>
 */
public final class MrtTrainer extends ObjectiveTrainer<MrtConfig, MrtDiagnostics> {

  private MrtTrainer(SequenceModel model, TaskLoss taskLoss, MrtConfig config, TrainingPlan<MrtDiagnostics> plan) {
    super(model, taskLoss, config, plan);
  }

  /**
   * Starts a builder, with {@link MrtConfig#shen2016()} unless {@link Builder#config} sets another.
   *
   * @param model the model to fine-tune (usually MLE-trained first)
   * @param taskLoss the sequence-level loss to minimise
   */
  public static Builder builder(SequenceModel model, TaskLoss taskLoss) {
    return new Builder(model, taskLoss);
  }

  @Override
  protected TrainingStep<MrtDiagnostics> newStep(
      SequenceModel model, TaskLoss taskLoss, MrtConfig config, SeedStream seeds) {
    return new MrtStep(model, taskLoss, config, seeds);
  }

  /** Builder for {@link MrtTrainer}. */
  public static final class Builder extends TrainerBuilder<Builder, MrtConfig, MrtDiagnostics> {

    private Builder(SequenceModel model, TaskLoss taskLoss) {
      super(model, taskLoss, MrtConfig.shen2016());
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Builds the trainer. */
    public MrtTrainer build() {
      return new MrtTrainer(model(), taskLoss(), config(), plan(config().decodeLength()));
    }
  }
}
