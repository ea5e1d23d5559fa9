package io.github.mgs4j.core.train;

import java.nio.file.Path;

/**
 * Receives progress from a {@link TrainingLoop}: every step's diagnostics, validations and checkpoints. All
 * methods have empty defaults.
 *
 * @param <D> the step diagnostics type
 */
public interface TrainingListener<D> {

  /** Called after every step. */
  default void onStep(D diagnostics) {}

  /**
   * Called after every validation.
   *
   * @param step the number of steps completed
   * @param loss the validation loss
   * @param improved whether it is the best so far
   */
  default void onValidation(long step, double loss, boolean improved) {}

  /** Called after a checkpoint was written. */
  default void onCheckpoint(long step, Path folder) {}
}
