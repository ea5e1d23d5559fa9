package io.github.mgs4j.core.train;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.SequenceModel;

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
}
