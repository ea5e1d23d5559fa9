package io.github.mgs4j.core.search;

import java.util.SplittableRandom;

/**
 * How the K candidates are assigned to the two components of the proposal mixture
 * {@code q = π·N(0, σ²I) + (1−π)·N(−∇L_MLE, σ²I)}.
 */
public enum ComponentAssignment {
  /** The authors' code: even candidates (0, 2, …) come from the MLE component, odd ones from the zero one. */
  ALTERNATING,
  /** Each candidate's component is drawn independently: zero-centred with probability π. */
  SAMPLED,
  /** Ablation q_zero: every candidate from N(0, σ²I) (pure random search). */
  ZERO_ONLY,
  /** Ablation q_MLE: every candidate from N(−∇L_MLE, σ²I). */
  MLE_ONLY;

  /**
   * Assigns components to {@code k} candidates.
   *
   * @param k the number of candidates
   * @param zeroComponentWeight π, the probability of the zero-centred component (used by {@link #SAMPLED})
   * @param random the step's random stream (used by {@link #SAMPLED} only)
   * @return per candidate, {@code true} when it is centred on the MLE direction
   */
  public boolean[] assign(int k, double zeroComponentWeight, SplittableRandom random) {
    boolean[] fromMle = new boolean[k];
    for (int i = 0; i < k; i++) {
      fromMle[i] =
          switch (this) {
            case ALTERNATING -> i % 2 == 0;
            case SAMPLED -> random.nextDouble() >= zeroComponentWeight;
            case ZERO_ONLY -> false;
            case MLE_ONLY -> true;
          };
    }
    return fromMle;
  }
}
