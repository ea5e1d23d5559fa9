package io.github.mgs4j.core.search;

/**
 * How the proposal's standard deviation σ is chosen for each weight tensor w. In every mode σ is multiplied
 * by the configured noise multiplier.
 */
public enum NoiseScale {
  /** The authors' default ({@code uniform}): σ_w = mean |g_w| over tensor w of the clipped MLE gradient. */
  PER_TENSOR,
  /** The authors' MT default ({@code uniform-global}): one σ = mean |g| over all parameters. */
  GLOBAL,
  /** σ = 1 for every tensor (times the multiplier). */
  CONSTANT;

  /**
   * Computes σ_w for every tensor.
   *
   * @param gradientL1 per tensor, Σ|g_w| of the clipped MLE gradient
   * @param sizes per tensor, the number of elements
   * @param multiplier the noise multiplier
   * @return σ_w per tensor (zero where the gradient of a tensor is exactly zero in the gradient modes)
   */
  public double[] sigmas(double[] gradientL1, long[] sizes, double multiplier) {
    double[] sigma = new double[sizes.length];
    double totalL1 = 0;
    long totalSize = 0;
    for (int w = 0; w < sizes.length; w++) {
      totalL1 += gradientL1[w];
      totalSize += sizes[w];
    }
    for (int w = 0; w < sizes.length; w++) {
      sigma[w] =
          multiplier
              * switch (this) {
                case PER_TENSOR -> gradientL1[w] / sizes[w];
                case GLOBAL -> totalL1 / totalSize;
                case CONSTANT -> 1.0;
              };
    }
    return sigma;
  }
}
