package io.github.mgs4j.core.train;

import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the builders of the sequence-level trainers share: the model, the task loss, the hyper-parameters, the
 * loop settings, the validation and the listeners.
 *
 * @param <B> the concrete builder
 * @param <C> the hyper-parameters' type
 * @param <D> the step diagnostics its listeners receive
 */
public abstract class TrainerBuilder<B extends TrainerBuilder<B, C, D>, C, D> {
  private final SequenceModel model;
  private final TaskLoss taskLoss;
  private C config;
  private TrainerConfig trainerConfig = TrainerConfig.builder().build();
  private Validator validator;
  private List<Batch> validationBatches;
  private final List<TrainingListener<? super D>> listeners = new ArrayList<>();

  /**
   * Creates a builder.
   *
   * @param model the model to fine-tune
   * @param taskLoss the sequence-level loss to minimise
   * @param defaultConfig the hyper-parameters unless {@link #config} sets others
   */
  protected TrainerBuilder(SequenceModel model, TaskLoss taskLoss, C defaultConfig) {
    this.model = Objects.requireNonNull(model, "model");
    this.taskLoss = Objects.requireNonNull(taskLoss, "taskLoss");
    this.config = Objects.requireNonNull(defaultConfig, "defaultConfig");
  }

  /** This builder, typed. */
  protected abstract B self();

  /** Sets the hyper-parameters. */
  public B config(C config) {
    this.config = Objects.requireNonNull(config, "config");
    return self();
  }

  /** Sets the loop settings. */
  public B trainerConfig(TrainerConfig trainerConfig) {
    this.trainerConfig = Objects.requireNonNull(trainerConfig, "trainerConfig");
    return self();
  }

  /** Validates on these batches with the task loss of greedy decodes, up to the step's decode length. */
  public B validation(List<Batch> batches) {
    this.validationBatches = List.copyOf(batches);
    this.validator = null;
    return self();
  }

  /** Validates with a custom validator instead. */
  public B validator(Validator validator) {
    this.validator = Objects.requireNonNull(validator, "validator");
    this.validationBatches = null;
    return self();
  }

  /** Adds a listener. */
  public B listener(TrainingListener<? super D> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return self();
  }

  /** The model. */
  protected SequenceModel model() {
    return model;
  }

  /** The task loss. */
  protected TaskLoss taskLoss() {
    return taskLoss;
  }

  /** The hyper-parameters. */
  protected C config() {
    return config;
  }

  /**
   * What the trainer will run: the loop settings, the validator (the custom one, else the greedy task loss of the
   * validation batches, else none) and the listeners, fixed now.
   *
   * @param decodeLength the decode length of validation
   */
  protected TrainingPlan<D> plan(DecodeLength decodeLength) {
    Validator v = validationBatches != null
        ? new TaskLossValidator(validationBatches, taskLoss, new GreedyDecoder(), decodeLength)
        : validator;
    return new TrainingPlan<>(trainerConfig, v, listeners);
  }
}
