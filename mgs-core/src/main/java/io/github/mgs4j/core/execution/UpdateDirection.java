package io.github.mgs4j.core.execution;

import io.github.mgs4j.core.runtime.ParameterVector;
import io.github.mgs4j.core.search.CandidateEvaluator;

/** One step's update direction {@code −Σ w̃_k Δ_k}, built as the candidates are evaluated ({@link DirectionStorage}). */
public interface UpdateDirection extends AutoCloseable {

  /**
   * Takes candidate k, in candidate order, and resets the evaluator's copy of it to θ.
   *
   * @param candidate k
   * @param logWeight its unnormalised log weight, finite
   * @param held θ + Δ_k and θ, if the evaluator holds them; else null
   */
  void add(int candidate, double logWeight, CandidateEvaluator.Held held);

  /**
   * The update {@code −Σ w̃_k Δ_k}.
   *
   * @param normalised w̃_k per candidate
   * @return the update, valid until the direction is closed
   */
  ParameterVector negated(double[] normalised);

  /** Frees the direction's buffers. */
  @Override
  void close();
}
