package io.github.mgs4j.core.search;

/**
 * How {@code log q(Δ_k)} enters the importance weight {@code w_k = exp(α(C(θ) − C(θ+Δ_k))) / q(Δ_k)}.
 *
 * <p>g denotes the proposal's MLE centre −∇L_MLE (clipped) and ε = Δ_k the candidate. See
 * {@code docs/algorithm.md} for why {@link #EXACT} degenerates in high dimension.
 */
public enum ProposalDensity {
  /**
   * The authors' code: a unit-variance mixture over all parameters jointly, {@code log(½e^{−½ε·ε} +
   * ½e^{−½ε·ε + ε·g − ½g·g})}, whatever σ and π were used to sample. Evaluated as
   * {@code −½ε·ε + logAddExp(log ½, log ½ + ε·g − ½g·g)}.
   */
  AUTHORS {
    @Override
    public double logDensity(CandidateStatistics s, double zeroComponentWeight) {
      double ee = s.totalEpsilonSquared();
      double eg = s.totalEpsilonDotCentre();
      double gg = s.totalCentreSquared();
      return -0.5 * ee + LogSpace.logAddExp(LOG_HALF, LOG_HALF + eg - 0.5 * gg);
    }
  },
  /**
   * The density actually sampled: {@code π·N(ε; 0, diag σ²) + (1−π)·N(ε; g, diag σ²)} with the per-tensor σ_w.
   * Tensors with σ_w = 0 are deterministic and identical under both components: they are left out (their
   * point mass is the same for every candidate and cancels on normalisation).
   */
  EXACT {
    @Override
    public double logDensity(CandidateStatistics s, double zeroComponentWeight) {
      double zero = 0;
      double mle = 0;
      for (int w = 0; w < s.tensors(); w++) {
        double sigma = s.sigma(w);
        if (sigma == 0) {
          continue;
        }
        double inv = 1.0 / (sigma * sigma);
        double n = s.size(w);
        double normaliser = -n * (Math.log(sigma) + HALF_LOG_TWO_PI);
        double ee = s.epsilonSquared(w);
        zero += normaliser - 0.5 * ee * inv;
        mle += normaliser - 0.5 * (ee - 2 * s.epsilonDotCentre(w) + s.centreSquared(w)) * inv;
      }
      if (zeroComponentWeight <= 0) {
        return mle;
      }
      if (zeroComponentWeight >= 1) {
        return zero;
      }
      return LogSpace.logAddExp(
          Math.log(zeroComponentWeight) + zero, Math.log1p(-zeroComponentWeight) + mle);
    }
  },
  /** The 1/q factor is dropped: weights are {@code softmax(α(C(θ) − C(θ+Δ_k)))}. */
  NONE {
    @Override
    public double logDensity(CandidateStatistics s, double zeroComponentWeight) {
      return 0;
    }
  };

  private static final double LOG_HALF = Math.log(0.5);
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  /**
   * The log proposal density of one candidate.
   *
   * @param statistics the candidate's sufficient statistics
   * @param zeroComponentWeight π, the mixture weight of the zero-centred component (the EXACT density of the
   *     {@link ComponentAssignment#ZERO_ONLY} or {@link ComponentAssignment#MLE_ONLY} ablations uses 1 or 0)
   * @return log q(ε)
   */
  public abstract double logDensity(CandidateStatistics statistics, double zeroComponentWeight);
}
