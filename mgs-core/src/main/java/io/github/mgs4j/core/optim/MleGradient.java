package io.github.mgs4j.core.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;

/**
 * Computes the token-level MLE gradient of a batch into the parameters' gradient storage: zero the
 * gradients, run the loss inside a {@link GradientCollector}, backpropagate.
 */
public final class MleGradient {
  private MleGradient() {}

  /**
   * Computes ∇L_MLE(θ) of the batch, leaving it in the gradient arrays.
   *
   * @param model the model
   * @param parameters the model's parameters
   * @param batch the batch
   * @param training whether dropout is on (the authors use train mode for the MLE gradient)
   * @param scope the manager that owns intermediates
   * @return the MLE loss value
   * @throws NonFiniteGradientException if the loss is NaN or infinite
   */
  public static double compute(
      SequenceModel model, TrainableParameters parameters, Batch batch, boolean training, NDManager scope) {
    parameters.zeroGradients();
    try (GradientCollector collector = Engine.getInstance().newGradientCollector();
        NDManager local = scope.newSubManager()) {
      NDArray loss = model.mleLoss(local, batch, training);
      if (loss.size() != 1) {
        throw new IllegalStateException("mleLoss must return a scalar, got shape " + loss.getShape());
      }
      double value = loss.getFloat();
      if (!Double.isFinite(value)) {
        throw new NonFiniteGradientException("MLE loss is " + value);
      }
      collector.backward(loss);
      return value;
    }
  }
}
