package io.github.mgs4j.core.search;

import java.util.SplittableRandom;

/**
 * The proposal q from which a step draws its K candidates: which of the two centres each candidate gets (0, or
 * −∇L, the negated clipped MLE gradient), and the density log q(Δ) the importance weights divide by. The
 * draw itself is fixed, {@code Δ = σ ⊙ n − [fromMle]·∇L} with per-tensor σ ({@link NoiseScale}), so that any
 * process can redraw a candidate from its seed; a new proposal is one class implementing these two methods,
 * set with {@link MgsConfig.Builder#proposal}.
 */
public interface Proposal {

  /**
   * Assigns the candidates to components.
   *
   * @param k the number of candidates
   * @param random the step's own random stream (the same at every resume)
   * @return per candidate, whether it is centred on −∇L
   */
  boolean[] components(int k, SplittableRandom random);

  /**
   * log q(Δ) of one candidate.
   *
   * @param statistics the candidate's sufficient statistics
   * @return log q(Δ), finite
   */
  double logDensity(CandidateStatistics statistics);
}
