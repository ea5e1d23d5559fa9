package io.github.mgs4j.core.search;

/**
 * Everything one MGS step measured, for listeners and plots (the paper's Figs. 1–3).
 *
 * @param step the step index (0-based)
 * @param baseLoss C(θ), the pooled task loss of the current parameters
 * @param candidateLosses C(θ + Δ_k) per candidate
 * @param fromMle per candidate, whether it came from the MLE component
 * @param logProposal log q(Δ_k) per candidate
 * @param weights the normalised weights w̃_k
 * @param weightStd the standard deviation of the normalised weights
 * @param effectiveSampleSize {@code 1 / Σ w̃_k²}
 * @param mleWeightShare the total weight on MLE-component candidates
 * @param mleLoss the token-level MLE loss of the batch
 * @param gradientNorm the MLE gradient's L2 norm before clipping
 * @param updateNorm the update direction's L2 norm before clipping
 * @param decodedTokens tokens generated over all K + 1 decodes
 * @param times wall time per phase
 */
public record StepDiagnostics(
    long step,
    double baseLoss,
    double[] candidateLosses,
    boolean[] fromMle,
    double[] logProposal,
    double[] weights,
    double weightStd,
    double effectiveSampleSize,
    double mleWeightShare,
    double mleLoss,
    double gradientNorm,
    double updateNorm,
    long decodedTokens,
    PhaseTimes times) {

  /** The lowest candidate loss. */
  public double bestCandidateLoss() {
    double best = Double.POSITIVE_INFINITY;
    for (double c : candidateLosses) {
      best = Math.min(best, c);
    }
    return best;
  }
}
