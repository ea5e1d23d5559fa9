package io.github.mgs4j.core.search;

/**
 * Wall time in seconds of each phase of one MGS step.
 *
 * @param decode decoding the batch with θ
 * @param backprop the MLE forward and backward pass, and gradient clipping
 * @param noise drawing and applying the K candidate directions
 * @param candidateDecode decoding the batch with each θ + Δ_k
 * @param taskLoss scoring C(θ) and every C(θ + Δ_k)
 * @param weighting log-space weights, accumulating Σ w̃_k Δ_k and restoring θ
 * @param update clipping the direction and the optimizer step
 */
public record PhaseTimes(
    double decode,
    double backprop,
    double noise,
    double candidateDecode,
    double taskLoss,
    double weighting,
    double update) {

  /** The sum of all phases. */
  public double total() {
    return decode + backprop + noise + candidateDecode + taskLoss + weighting + update;
  }
}
