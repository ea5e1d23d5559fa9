package io.github.mgs4j.core.search;

/** Numerically stable log-space arithmetic used by the importance weights and densities. */
public final class LogSpace {
  private LogSpace() {}

  /** {@code log(e^a + e^b)} without overflow or underflow; {@code -∞} inputs are handled. */
  public static double logAddExp(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    double max = Math.max(a, b);
    return max + Math.log1p(Math.exp(-Math.abs(a - b)));
  }

  /** {@code log Σ e^{x_i}} without overflow or underflow; {@code -∞} for an empty or all-{@code -∞} input. */
  public static double logSumExp(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (double v : x) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }
}
