package io.github.mgs4j.core.search;

import java.util.Objects;

/**
 * The sufficient statistics of one candidate direction ε (= Δ_k) that the proposal densities need, per weight
 * tensor w: the element count n_w, the standard deviation σ_w used to sample it, ε_w·ε_w, ε_w·g_w and
 * g_w·g_w, where g = −∇L_MLE (clipped) is the MLE component's centre.
 *
 * <p>Keeping only these scalars means a density can be evaluated exactly without holding ε in memory.
 */
public final class CandidateStatistics {
  private final long[] sizes;
  private final double[] sigmas;
  private final double[] epsilonSquared;
  private final double[] epsilonDotCentre;
  private final double[] centreSquared;

  /**
   * Creates the statistics; every array has one entry per weight tensor.
   *
   * @param sizes element counts n_w
   * @param sigmas σ_w
   * @param epsilonSquared ε_w·ε_w
   * @param epsilonDotCentre ε_w·g_w
   * @param centreSquared g_w·g_w
   */
  public CandidateStatistics(
      long[] sizes, double[] sigmas, double[] epsilonSquared, double[] epsilonDotCentre, double[] centreSquared) {
    int n = Objects.requireNonNull(sizes, "sizes").length;
    String[] names = {"sigmas", "epsilonSquared", "epsilonDotCentre", "centreSquared"};
    double[][] perTensor = {sigmas, epsilonSquared, epsilonDotCentre, centreSquared};
    for (int i = 0; i < names.length; i++) {
      if (Objects.requireNonNull(perTensor[i], names[i]).length != n) {
        throw new IllegalArgumentException(names[i] + " has " + perTensor[i].length + " entries, expected " + n);
      }
    }
    this.sizes = sizes.clone();
    this.sigmas = sigmas.clone();
    this.epsilonSquared = epsilonSquared.clone();
    this.epsilonDotCentre = epsilonDotCentre.clone();
    this.centreSquared = centreSquared.clone();
  }

  /** Number of weight tensors. */
  public int tensors() {
    return sizes.length;
  }

  /** n_w. */
  public long size(int w) {
    return sizes[w];
  }

  /** σ_w. */
  public double sigma(int w) {
    return sigmas[w];
  }

  /** ε_w·ε_w. */
  public double epsilonSquared(int w) {
    return epsilonSquared[w];
  }

  /** ε_w·g_w. */
  public double epsilonDotCentre(int w) {
    return epsilonDotCentre[w];
  }

  /** g_w·g_w. */
  public double centreSquared(int w) {
    return centreSquared[w];
  }

  /** Σ_w ε_w·ε_w. */
  public double totalEpsilonSquared() {
    return sum(epsilonSquared);
  }

  /** Σ_w ε_w·g_w. */
  public double totalEpsilonDotCentre() {
    return sum(epsilonDotCentre);
  }

  /** Σ_w g_w·g_w. */
  public double totalCentreSquared() {
    return sum(centreSquared);
  }

  private static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }
}
