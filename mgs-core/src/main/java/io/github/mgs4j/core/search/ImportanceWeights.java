package io.github.mgs4j.core.search;

import java.util.Objects;

/**
 * Self-normalised importance weights of the K candidates, computed entirely in log space:
 * {@code log w_k = α(C(θ) − C(θ+Δ_k)) − log q(Δ_k)}, {@code log w̃_k = log w_k − logΣexp(log w)}.
 *
 * <p>No exponential of an unnormalised weight is ever taken, so α = 100 with losses in the hundreds neither
 * overflows nor underflows to NaN. Inputs that are not finite are rejected.
 */
public final class ImportanceWeights {
  private final double[] logUnnormalised;
  private final double[] logNormalised;

  private ImportanceWeights(double[] logUnnormalised) {
    this.logUnnormalised = logUnnormalised;
    double logZ = LogSpace.logSumExp(logUnnormalised);
    this.logNormalised = new double[logUnnormalised.length];
    for (int k = 0; k < logUnnormalised.length; k++) {
      logNormalised[k] = logUnnormalised[k] - logZ;
    }
  }

  /**
   * Computes the weights.
   *
   * @param baseLoss C(θ)
   * @param candidateLosses C(θ+Δ_k) per candidate
   * @param logProposal log q(Δ_k) per candidate
   * @param alpha α &gt; 0
   * @return the weights
   * @throws IllegalArgumentException for non-finite inputs, mismatched lengths, no candidates or α ≤ 0
   */
  public static ImportanceWeights compute(
      double baseLoss, double[] candidateLosses, double[] logProposal, double alpha) {
    Objects.requireNonNull(candidateLosses, "candidateLosses");
    Objects.requireNonNull(logProposal, "logProposal");
    if (candidateLosses.length == 0) {
      throw new IllegalArgumentException("no candidates: K must be at least 1");
    }
    if (candidateLosses.length != logProposal.length) {
      throw new IllegalArgumentException(
          candidateLosses.length + " candidate losses but " + logProposal.length + " proposal densities");
    }
    if (!(alpha > 0) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException("alpha must be finite and > 0, got " + alpha);
    }
    requireFinite(baseLoss, "C(theta)");
    double[] log = new double[candidateLosses.length];
    for (int k = 0; k < log.length; k++) {
      requireFinite(candidateLosses[k], "C(theta+delta_" + k + ")");
      requireFinite(logProposal[k], "log q(delta_" + k + ")");
      log[k] = logWeight(alpha, baseLoss, candidateLosses[k], logProposal[k]);
    }
    return new ImportanceWeights(log);
  }

  /**
   * One candidate's unnormalised log weight, {@code log w_k = α(C(θ) − C(θ+Δ_k)) − log q(Δ_k)}: the one
   * definition, used by {@link #compute} and by a step that folds candidates as they come.
   *
   * @param alpha α
   * @param baseLoss C(θ)
   * @param candidateLoss C(θ+Δ_k)
   * @param logProposal log q(Δ_k)
   * @return log w_k
   * @throws IllegalArgumentException if the log weight is not finite
   */
  public static double logWeight(double alpha, double baseLoss, double candidateLoss, double logProposal) {
    double logWeight = alpha * (baseLoss - candidateLoss) - logProposal;
    if (!Double.isFinite(logWeight)) {
      throw new IllegalArgumentException("log weight is " + logWeight);
    }
    return logWeight;
  }

  private static void requireFinite(double v, String what) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(what + " is " + v + "; MGS needs finite losses and densities");
    }
  }

  /** Number of candidates. */
  public int size() {
    return logNormalised.length;
  }

  /** log w_k before normalisation. */
  public double logUnnormalised(int k) {
    return logUnnormalised[k];
  }

  /** log w̃_k. */
  public double logNormalised(int k) {
    return logNormalised[k];
  }

  /** The normalised weights w̃_k (they sum to 1). */
  public double[] normalised() {
    double[] w = new double[logNormalised.length];
    for (int k = 0; k < w.length; k++) {
      w[k] = Math.exp(logNormalised[k]);
    }
    return w;
  }

  /**
   * The unbiased standard deviation of the normalised weights, {@code sqrt(Σ (w̃_k − 1/K)² / (K − 1))}: the
   * statistic of the paper's Fig. 2, as the authors compute it (the tensor's default {@code std()}, numpy's
   * {@code std(ddof=1)}). One candidate all the weight gives {@code sqrt(1/K)} (0.5 at K = 4); 0 when
   * K = 1, where the unbiased estimate is undefined.
   */
  public double standardDeviation() {
    double[] w = normalised();
    if (w.length < 2) {
      return 0;
    }
    double mean = 1.0 / w.length;
    double s = 0;
    for (double v : w) {
      s += (v - mean) * (v - mean);
    }
    return Math.sqrt(s / (w.length - 1));
  }

  /** The effective sample size {@code 1 / Σ w̃_k²}, between 1 (one candidate takes all) and K. */
  public double effectiveSampleSize() {
    double s = 0;
    for (double v : normalised()) {
      s += v * v;
    }
    return 1.0 / s;
  }

  /** The total normalised weight on the candidates selected by {@code mask} (e.g. the MLE-component ones). */
  public double totalWeight(boolean[] mask) {
    if (mask.length != logNormalised.length) {
      throw new IllegalArgumentException("mask has " + mask.length + " entries for " + size() + " weights");
    }
    double s = 0;
    double[] w = normalised();
    for (int k = 0; k < w.length; k++) {
      if (mask[k]) {
        s += w[k];
      }
    }
    return s;
  }
}
