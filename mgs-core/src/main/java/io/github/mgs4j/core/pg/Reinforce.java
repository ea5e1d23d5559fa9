package io.github.mgs4j.core.pg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.sequence.SampledSequences;
import java.util.Objects;

/**
 * The REINFORCE surrogate of the expected task loss J(θ) = (1/B) Σ_examples E_{Ŷ∼p_θ(·|X)}[c(Ŷ, Y)]:
 *
 * <pre>
 *   c'_k = c(Ŷ_k, Y) + β·log p_θ(Ŷ_k|X)                (β = the entropy weight; log p taken as a constant)
 *   b_k  = (1/(K−1)) Σ_{j≠k} c'_j                        (leave-one-out; 0 without a baseline)
 *   L    = (1/B) Σ_examples (1/K) Σ_k (c'_k − b_k)·log p_θ(Ŷ_k|X)
 * </pre>
 *
 * <p>∇L is an unbiased estimate of ∇(J − β·H), H the entropy of p_θ(·|X): ∇E[c] = E[c ∇log p], ∇E[log p] =
 * E[log p ∇log p], and b_k does not depend on Ŷ_k, so E[b_k ∇log p(Ŷ_k)] = 0. The sequence entropy's own
 * estimator is thus the score function of −log p, which needs nothing but the sequence log-probabilities.
 */
public final class Reinforce {
  private Reinforce() {}

  /**
   * The surrogate and what it weighed.
   *
   * @param surrogate L, a differentiable float32 scalar (its value is not the expected loss; its gradient is the
   *     estimate)
   * @param advantages c'_k − b_k of every sample row
   * @param entropy the mean of −log p_θ(Ŷ_k|X) over the samples: an estimate of the sequence entropy
   */
  public record Evaluation(NDArray surrogate, double[] advantages, double entropy) {}

  /**
   * Builds the surrogate of a batch.
   *
   * @param logProbabilities log p_θ(Ŷ_k|X) of every sample row, differentiable, shape (rows)
   * @param samples the samples (each example's rows i.i.d. from p_θ) and their task losses
   * @param baseline the baseline
   * @param entropyWeight β ≥ 0
   * @param scope the manager for the intermediates
   * @return the surrogate
   */
  public static Evaluation evaluate(NDArray logProbabilities, SampledSequences samples,
      PolicyGradientConfig.Baseline baseline, double entropyWeight, NDManager scope) {
    Objects.requireNonNull(samples, "samples");
    int rows = samples.rows();
    if (logProbabilities.size() != rows) {
      throw new IllegalArgumentException(
          "got " + logProbabilities.size() + " log-probabilities for " + rows + " samples");
    }
    float[] logp = logProbabilities.toFloatArray();
    double[] costs = samples.costs();
    double entropy = 0;
    for (int r = 0; r < rows; r++) {
      costs[r] += entropyWeight * logp[r];
      entropy -= logp[r];
    }
    double[] advantages = advantages(samples, costs, baseline);
    float[] weights = new float[rows];
    for (int r = 0; r < rows; r++) {
      int e = samples.example(r);
      weights[r] = (float) (advantages[r] / ((double) samples.examples() * samples.size(e)));
    }
    NDArray surrogate = logProbabilities.reshape(rows).mul(scope.create(weights)).sum();
    return new Evaluation(surrogate, advantages, entropy / rows);
  }

  /**
   * c_k − b_k per row.
   *
   * @throws IllegalArgumentException if the leave-one-out baseline meets an example with one sample
   */
  static double[] advantages(SampledSequences samples, double[] costs, PolicyGradientConfig.Baseline baseline) {
    double[] out = new double[costs.length];
    for (int e = 0; e < samples.examples(); e++) {
      int from = samples.firstRow(e);
      int n = samples.size(e);
      double sum = 0;
      for (int r = from; r < from + n; r++) {
        sum += costs[r];
      }
      for (int r = from; r < from + n; r++) {
        if (baseline == PolicyGradientConfig.Baseline.NONE) {
          out[r] = costs[r];
        } else if (n < 2) {
          throw new IllegalArgumentException("the leave-one-out baseline needs 2 samples, example " + e + " has " + n);
        } else {
          out[r] = costs[r] - (sum - costs[r]) / (n - 1);
        }
      }
    }
    return out;
  }
}
