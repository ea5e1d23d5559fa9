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
   * Computes ∇L_MLE(θ) of the batch in one forward/backward pass, leaving it in the gradient arrays.
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
    return compute(model, parameters, batch, training, scope, 0);
  }

  /**
   * Computes ∇L_MLE(θ) of the batch, {@code microBatchRows} rows at a time when that is smaller than the
   * batch: each part's mean loss is weighted by its share of the batch's target tokens and backpropagated
   * on its own, and the gradients add up in the gradient arrays, so the result is the whole batch's
   * token-mean gradient (equal up to float summation order) while the activations kept for the backward
   * pass are those of one part. Peak memory then scales with {@code microBatchRows} instead of the batch.
   *
   * @param model the model
   * @param parameters the model's parameters
   * @param batch the batch
   * @param training whether dropout is on
   * @param scope the manager that owns intermediates
   * @param microBatchRows rows per forward/backward pass; 0 (or ≥ the batch size) for one pass
   * @return the MLE loss value of the whole batch
   * @throws NonFiniteGradientException if a loss is NaN or infinite
   * @throws IllegalArgumentException if {@code microBatchRows} is negative
   */
  public static double compute(
      SequenceModel model,
      TrainableParameters parameters,
      Batch batch,
      boolean training,
      NDManager scope,
      int microBatchRows) {
    if (microBatchRows < 0) {
      throw new IllegalArgumentException("microBatchRows must be >= 0, got " + microBatchRows);
    }
    int rows = microBatchRows == 0 ? batch.size() : Math.min(microBatchRows, batch.size());
    double totalTokens = batch.targetTokenCount();
    parameters.zeroGradients();
    double value = 0;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      for (int from = 0; from < batch.size(); from += rows) {
        Batch part = rows == batch.size() ? batch : batch.slice(from, Math.min(batch.size(), from + rows));
        double share = part.targetTokenCount() / totalTokens;
        try (NDManager local = scope.newSubManager()) {
          NDArray loss = model.mleLoss(local, part, training);
          if (loss.size() != 1) {
            throw new IllegalStateException("mleLoss must return a scalar, got shape " + loss.getShape());
          }
          double partValue = loss.getFloat();
          if (!Double.isFinite(partValue)) {
            throw new NonFiniteGradientException("MLE loss is " + partValue);
          }
          value += share * partValue;
          collector.backward(share == 1 ? loss : loss.mul((float) share));
        }
      }
    }
    return value;
  }
}
