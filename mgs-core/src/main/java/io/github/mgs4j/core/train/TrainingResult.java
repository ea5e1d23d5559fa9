package io.github.mgs4j.core.train;

import java.util.List;

/**
 * How a training run ended.
 *
 * @param stepsCompleted the global number of steps completed (including steps before a resume)
 * @param resumedFrom the step the run resumed from (0 for a fresh run)
 * @param stoppedEarly whether early stopping ended the run
 * @param bestValidation the best validation loss ({@code NaN} without validation)
 * @param bestStep the step count at which the best validation loss was measured (−1 without validation)
 * @param validationHistory every validation loss, in order
 */
public record TrainingResult(
    long stepsCompleted,
    long resumedFrom,
    boolean stoppedEarly,
    double bestValidation,
    long bestStep,
    List<Double> validationHistory) {

  /** Copies the history. */
  public TrainingResult {
    validationHistory = List.copyOf(validationHistory);
  }
}
