package io.github.mgs4j.core.execution;

import io.github.mgs4j.core.search.Candidate;
import io.github.mgs4j.core.search.CandidateSearch;
import java.util.List;

/**
 * How a step builds {@code Σ w̃_k Δ_k}: one parameter-sized buffer more, or K more noise draws (the same update
 * up to float rounding).
 */
public enum DirectionStorage {
  /**
   * Each candidate is folded into a parameter-sized accumulator as soon as its loss is known (online
   * log-sum-exp rescaling), reading Δ_k as the perturbation actually applied to the float32 parameters; no
   * candidate is drawn twice. Needs an evaluator that holds its candidates.
   */
  ACCUMULATOR,
  /**
   * No buffer: once the K weights are known, every Δ_k is drawn again from its seed into the gradient
   * storage, which the MLE gradient no longer needs by then (K more noise draws per step).
   */
  REGENERATED,
  /**
   * {@link #ACCUMULATOR} when the parameters take at most {@link #AUTO_ACCUMULATOR_MAX_BYTES} (where the buffer
   * is small beside a step's activations and the draws are a visible share of a short step) and the evaluator
   * holds its candidates, else {@link #REGENERATED} (where memory limits the model size).
   */
  AUTO;

  /** The largest parameter size for which {@link #AUTO} keeps an accumulator: 64 MiB (16M float32). */
  public static final long AUTO_ACCUMULATOR_MAX_BYTES = 64L << 20;

  /**
   * The storage a step uses.
   *
   * @param parameterBytes the parameters' size in bytes
   * @param candidatesHeld whether the evaluator hands each θ + Δ_k to the step
   * @return this, or for {@link #AUTO} the storage chosen
   */
  public DirectionStorage resolve(long parameterBytes, boolean candidatesHeld) {
    if (this != AUTO) {
      return this;
    }
    return candidatesHeld && parameterBytes <= AUTO_ACCUMULATOR_MAX_BYTES ? ACCUMULATOR : REGENERATED;
  }

  /**
   * Opens one step's direction.
   *
   * @param search the step's search (θ, ∇L, σ, the arithmetic)
   * @param candidates the step's candidates
   * @return the direction, to be closed at the end of the step
   */
  public UpdateDirection open(CandidateSearch search, List<Candidate> candidates) {
    return switch (this) {
      case ACCUMULATOR -> new AccumulatedDirection(search.arithmetic(), search.theta());
      case REGENERATED -> new RegeneratedDirection(search, candidates);
      case AUTO -> throw new IllegalStateException("resolve AUTO first");
    };
  }
}
