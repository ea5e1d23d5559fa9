package io.github.mgs4j.core.train;

import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.rng.SeedStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains a {@link SequenceModel} by maximum likelihood (token-level NLL), the stage MGS fine-tunes from, with
 * the same loop as {@link MgsTrainer}: validation (mean token NLL by default), early stopping, checkpoints and
 * exact resume.
 */
public final class MleTrainer {
  private final SequenceModel model;
  private final OptimizerConfig optimizer;
  private final double clipNorm;
  private final boolean dropout;
  private final int microBatchRows;
  private final TrainerConfig trainerConfig;
  private final Validator validator;
  private final List<TrainingListener<? super MleStepDiagnostics>> listeners;

  private MleTrainer(Builder b) {
    this.model = b.model;
    this.optimizer = b.optimizer;
    this.clipNorm = b.clipNorm;
    this.dropout = b.dropout;
    this.microBatchRows = b.microBatchRows;
    this.trainerConfig = b.trainerConfig;
    this.validator = b.validator;
    this.listeners = List.copyOf(b.listeners);
  }

  /**
   * Starts a builder.
   *
   * @param model the model to train
   */
  public static Builder builder(SequenceModel model) {
    return new Builder(model);
  }

  /**
   * Trains on the batches (resuming from the checkpoint directory when it holds a checkpoint).
   *
   * @param trainBatches the training batches
   * @return how the run ended
   * @throws IOException if a checkpoint cannot be written or read
   */
  public TrainingResult train(List<Batch> trainBatches) throws IOException {
    try (MleStep step = new MleStep(
        model, optimizer, clipNorm, dropout, microBatchRows, new SeedStream(trainerConfig.seed()))) {
      return new TrainingLoop<>(model, step, trainerConfig, validator, listeners).run(trainBatches);
    }
  }

  /** Builder for {@link MleTrainer}. */
  public static final class Builder {
    private final SequenceModel model;
    private OptimizerConfig optimizer =
        OptimizerConfig.builder().learningRate(1e-3f).build();
    private double clipNorm = 1.0;
    private boolean dropout = true;
    private int microBatchRows;
    private TrainerConfig trainerConfig = TrainerConfig.builder().build();
    private Validator validator;
    private final List<TrainingListener<? super MleStepDiagnostics>> listeners = new ArrayList<>();

    private Builder(SequenceModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** Sets the optimizer (default AdamW, learning rate 1e-3). */
    public Builder optimizer(OptimizerConfig optimizer) {
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      return this;
    }

    /** Sets the gradient clip norm (default 1). */
    public Builder clipNorm(double clipNorm) {
      this.clipNorm = clipNorm;
      return this;
    }

    /** Sets whether dropout is on during training (default true). */
    public Builder dropout(boolean dropout) {
      this.dropout = dropout;
      return this;
    }

    /**
     * Sets the rows per forward/backward pass (0, the default, for the whole batch); see
     * {@link io.github.mgs4j.core.optim.MleGradient}.
     */
    public Builder microBatchRows(int microBatchRows) {
      this.microBatchRows = microBatchRows;
      return this;
    }

    /** Sets the loop settings. */
    public Builder trainerConfig(TrainerConfig trainerConfig) {
      this.trainerConfig = Objects.requireNonNull(trainerConfig, "trainerConfig");
      return this;
    }

    /** Validates on the mean token NLL of these batches. */
    public Builder validation(List<Batch> batches) {
      this.validator = new MleValidator(batches);
      return this;
    }

    /** Validates with a custom validator. */
    public Builder validator(Validator validator) {
      this.validator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    /** Adds a listener. */
    public Builder listener(TrainingListener<? super MleStepDiagnostics> listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Builds the trainer. */
    public MleTrainer build() {
      if (!(clipNorm > 0)) {
        throw new IllegalArgumentException("clip norm must be > 0, got " + clipNorm);
      }
      if (microBatchRows < 0) {
        throw new IllegalArgumentException("micro-batch rows must be >= 0, got " + microBatchRows);
      }
      return new MleTrainer(this);
    }
  }
}
