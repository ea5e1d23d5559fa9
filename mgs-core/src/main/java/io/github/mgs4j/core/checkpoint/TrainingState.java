package io.github.mgs4j.core.checkpoint;

import java.util.List;

/**
 * The non-array state of a training run that a checkpoint restores: everything a resumed run needs to
 * continue exactly as the uninterrupted one (parameters and optimizer moments travel as arrays; batch order
 * and random numbers are functions of the seed and the step).
 *
 * @param kind the step kind: {@code "mgs"}, {@code "mle"}, {@code "mrt"} or {@code "pg"}
 * @param nextStep the index of the next step to run
 * @param seed the run's master seed
 * @param bestValidation the best validation loss so far ({@code NaN} if none yet)
 * @param bestStep the step after which the best validation loss was measured (−1 if none)
 * @param badValidations validations in a row without improvement
 * @param validationHistory every validation loss so far, in order
 * @param description the step's hyper-parameters, for provenance
 */
public record TrainingState(
    String kind,
    long nextStep,
    long seed,
    double bestValidation,
    long bestStep,
    int badValidations,
    List<Double> validationHistory,
    String description) {

  /** Copies the history so the record is immutable. */
  public TrainingState {
    validationHistory = List.copyOf(validationHistory);
  }
}
