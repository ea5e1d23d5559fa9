package io.github.mgs4j.core.train;

import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Everything a trainer hands to the {@link TrainingLoop} besides the model and the step: the loop settings, the
 * validator and the listeners. Immutable.
 *
 * @param config the loop settings
 * @param validator the validation loss, or {@code null} for none
 * @param listeners progress listeners, in order
 * @param <D> the step diagnostics type
 */
public record TrainingPlan<D>(
    TrainerConfig config, Validator validator, List<TrainingListener<? super D>> listeners) {

  /** Copies the listeners. */
  public TrainingPlan {
    Objects.requireNonNull(config, "config");
    listeners = List.copyOf(listeners);
  }

  /**
   * Runs the loop.
   *
   * @param model the model
   * @param step the update rule
   * @param trainBatches the training batches
   * @return how the run ended
   * @throws IOException if a checkpoint cannot be written or read
   */
  public TrainingResult run(SequenceModel model, TrainingStep<D> step, List<Batch> trainBatches) throws IOException {
    return new TrainingLoop<>(model, step, config, validator, listeners).run(trainBatches);
  }
}
