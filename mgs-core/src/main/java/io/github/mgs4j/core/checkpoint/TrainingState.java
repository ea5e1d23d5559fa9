package io.github.mgs4j.core.checkpoint;

import java.util.List;
import java.util.Objects;

/**
 * The non-array state of a training run that a checkpoint restores: everything a resumed run needs to
 * continue exactly as the uninterrupted one (parameters and optimizer moments travel as arrays; batch order
 * and random numbers are functions of the seed and the step), and the run's identity, so that a changed run
 * is not resumed by mistake.
 *
 * @param kind the step kind: {@code "mgs"}, {@code "mle"}, {@code "mrt"} or {@code "pg"}
 * @param nextStep the index of the next step to run
 * @param seed the run's master seed
 * @param bestValidation the best validation loss so far ({@code NaN} if none yet)
 * @param bestStep the step after which the best validation loss was measured (−1 if none)
 * @param badValidations validations in a row without improvement
 * @param validationHistory every validation loss so far, in order
 * @param description the step's hyper-parameters, for provenance
 * @param identity what defines the run (compared on resume)
 * @param overrides every resume that went ahead despite a changed identity, oldest first
 */
public record TrainingState(
    String kind,
    long nextStep,
    long seed,
    double bestValidation,
    long bestStep,
    int badValidations,
    List<Double> validationHistory,
    String description,
    RunIdentity identity,
    List<RunIdentity.ResumeOverride> overrides) {

  /** Copies the lists so the record is immutable. */
  public TrainingState {
    validationHistory = List.copyOf(validationHistory);
    Objects.requireNonNull(identity, "identity");
    overrides = List.copyOf(overrides);
  }
}
