package io.github.mgs4j.core.train;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.SequenceModel;
import java.util.Map;

/** Measures a validation loss of the model's current parameters (lower is better). */
@FunctionalInterface
public interface Validator {

  /**
   * Evaluates the model.
   *
   * @param model the model
   * @param scope the manager for intermediates
   * @return the validation loss, finite
   */
  double validate(SequenceModel model, NDManager scope);

  /**
   * What defines this validation (its loss, decoder and a fingerprint of its data), recorded in checkpoints
   * and compared on resume, since the best state and early stopping depend on it. The default names only
   * the implementing class.
   */
  default Map<String, String> identity() {
    return Map.of("validator", getClass().getName());
  }

  /**
   * Checks, before any training, that the model can process the validation data (token ids, lengths), so
   * that the first validation does not fail hours into a run. The default checks nothing.
   *
   * @param model the model
   * @throws IllegalArgumentException naming the batch and row that do not fit
   */
  default void requireCompatibleWith(SequenceModel model) {}
}
