package io.github.mgs4j.core.loss;

import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.model.Batch;

/**
 * A sequence-level task loss {@code c(Ŷ, Y)}, lower is better: what MGS minimises. Implementations must be
 * thread-safe (MGS scores candidates on a thread pool) and must return finite values; a non-finite value is
 * rejected by {@link #pooled} before it can reach the parameters.
 */
public interface TaskLoss {

  /** A short name for logs and diagnostics, e.g. {@code "edit"}. */
  String name();

  /**
   * The loss of every decoded continuation against its target.
   *
   * @param batch the batch (contexts and targets)
   * @param decoded the decoded continuations, one per example
   * @return one finite loss per example
   */
  double[] perSequence(Batch batch, DecodedBatch decoded);

  /**
   * The pooled batch loss {@code C(θ)}: the mean of {@link #perSequence}.
   *
   * @throws IllegalArgumentException if the sizes differ
   * @throws NonFiniteLossException if any per-sequence loss is NaN or infinite
   */
  default double pooled(Batch batch, DecodedBatch decoded) {
    if (batch.size() != decoded.size()) {
      throw new IllegalArgumentException(
          "mismatched shapes: batch has " + batch.size() + " examples but " + decoded.size() + " decodes");
    }
    double[] losses = perSequence(batch, decoded);
    if (losses.length != batch.size()) {
      throw new IllegalStateException(
          name() + " returned " + losses.length + " losses for " + batch.size() + " examples");
    }
    double sum = 0;
    for (int i = 0; i < losses.length; i++) {
      if (!Double.isFinite(losses[i])) {
        throw new NonFiniteLossException(name(), i, losses[i]);
      }
      sum += losses[i];
    }
    return sum / losses.length;
  }
}
