package io.github.mgs4j.core.train;

import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.search.MgsStep;
import io.github.mgs4j.core.search.StepDiagnostics;
import io.github.mgs4j.core.search.StepMemoryEstimate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains a {@link SequenceModel} with MLE-guided parameter search: Algorithm 1 ({@link MgsStep}) repeated
 * over batches, with validation on the task loss, early stopping, checkpoints and exact resume.
 *
 * <pre>{@code
 * MgsTrainer trainer = MgsTrainer.builder(model, taskLoss)
 *     .config(MgsConfig.builder().candidates(4).alpha(10).build())
 *     .trainerConfig(TrainerConfig.builder().maxSteps(500).validateEvery(100).seed(7).build())
 *     .validation(validBatches)
 *     .build();
 * TrainingResult result = trainer.train(trainBatches);
 * }</pre>
 */
public final class MgsTrainer {
  private final SequenceModel model;
  private final TaskLoss taskLoss;
  private final MgsConfig config;
  private final ExecutionConfig execution;
  private final TrainerConfig trainerConfig;
  private final Validator validator;
  private final List<TrainingListener<? super StepDiagnostics>> listeners;

  private MgsTrainer(Builder b) {
    this.model = b.model;
    this.taskLoss = b.taskLoss;
    this.config = b.config;
    this.execution = b.execution;
    this.trainerConfig = b.trainerConfig;
    this.validator = b.validator;
    this.listeners = List.copyOf(b.listeners);
  }

  /**
   * Starts a builder.
   *
   * @param model the model to fine-tune (usually MLE-trained first)
   * @param taskLoss the sequence-level loss to minimise
   */
  public static Builder builder(SequenceModel model, TaskLoss taskLoss) {
    return new Builder(model, taskLoss);
  }

  /** The MGS hyper-parameters. */
  public MgsConfig config() {
    return config;
  }

  /** How the steps run. */
  public ExecutionConfig execution() {
    return execution;
  }

  /**
   * Trains on the batches (resuming from the checkpoint directory when it holds a checkpoint).
   *
   * @param trainBatches the training batches
   * @return how the run ended
   * @throws IOException if a checkpoint cannot be written or read
   */
  public TrainingResult train(List<Batch> trainBatches) throws IOException {
    for (int b = 0; b < trainBatches.size(); b++) {
      config.decodeLength().requireFits(model, trainBatches.get(b), "training batch " + b);
    }
    TrainableParameters parameters = TrainableParameters.of(model);
    StepMemoryEstimate.of(parameters, config, execution).requireFitsInMemory(parameters.manager().getDevice());
    try (MgsStep step = new MgsStep(model, taskLoss, config, execution, new SeedStream(trainerConfig.seed()))) {
      return new TrainingLoop<>(model, step, trainerConfig, validator, listeners).run(trainBatches);
    }
  }

  /** Builder for {@link MgsTrainer}. */
  public static final class Builder {
    private final SequenceModel model;
    private final TaskLoss taskLoss;
    private MgsConfig config = MgsConfig.builder().build();
    private ExecutionConfig execution = ExecutionConfig.defaults();
    private TrainerConfig trainerConfig = TrainerConfig.builder().build();
    private Validator validator;
    private List<Batch> validationBatches;
    private final List<TrainingListener<? super StepDiagnostics>> listeners = new ArrayList<>();

    private Builder(SequenceModel model, TaskLoss taskLoss) {
      this.model = Objects.requireNonNull(model, "model");
      this.taskLoss = Objects.requireNonNull(taskLoss, "taskLoss");
    }

    /** Sets the MGS hyper-parameters. */
    public Builder config(MgsConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Sets how the steps run (where candidates are evaluated, memory; never the result). */
    public Builder execution(ExecutionConfig execution) {
      this.execution = Objects.requireNonNull(execution, "execution");
      return this;
    }

    /** Sets the loop settings. */
    public Builder trainerConfig(TrainerConfig trainerConfig) {
      this.trainerConfig = Objects.requireNonNull(trainerConfig, "trainerConfig");
      return this;
    }

    /** Validates on these batches with the task loss, the config's decoder and decode length. */
    public Builder validation(List<Batch> batches) {
      this.validationBatches = List.copyOf(batches);
      this.validator = null;
      return this;
    }

    /** Validates with a custom validator instead. */
    public Builder validator(Validator validator) {
      this.validator = Objects.requireNonNull(validator, "validator");
      this.validationBatches = null;
      return this;
    }

    /** Adds a listener. */
    public Builder listener(TrainingListener<? super StepDiagnostics> listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Builds the trainer. */
    public MgsTrainer build() {
      if (validationBatches != null) {
        validator = new TaskLossValidator(validationBatches, taskLoss, config.decoder(), config.decodeLength());
      }
      return new MgsTrainer(this);
    }
  }
}
