package io.github.mgs4j.core.execution;

import io.github.mgs4j.core.runtime.ParameterArithmetic;
import io.github.mgs4j.core.runtime.ParameterVector;
import io.github.mgs4j.core.search.CandidateEvaluator;

/**
 * {@link DirectionStorage#ACCUMULATOR}: streams {@code Σ w̃_k Δ_k} into one buffer with online log-sum-exp
 * rescaling. After candidate k, {@code acc = Σ_{j≤k} exp(log w_j − m)·Δ_j} and
 * {@code s = Σ_{j≤k} exp(log w_j − m)} with m the running maximum, so no exponential overflows and one buffer
 * serves whatever K is; Δ_k is read as {@code θ_k − θ}, the perturbation actually applied to the float32
 * parameters, and θ_k is reset to θ in the same pass.
 */
final class AccumulatedDirection implements UpdateDirection {
  private final ParameterArithmetic arithmetic;
  private final ParameterVector sum;
  private double runningMax = Double.NEGATIVE_INFINITY;
  private double runningSum;
  private int added;

  AccumulatedDirection(ParameterArithmetic arithmetic, ParameterVector theta) {
    this.arithmetic = arithmetic;
    this.sum = ParameterVector.zerosLike(theta, theta.manager());
  }

  @Override
  public void add(int candidate, double logWeight, CandidateEvaluator.Held held) {
    if (held == null) {
      throw new IllegalStateException("candidate " + candidate + " came without its parameters: an accumulated "
          + "direction needs an evaluator that holds its candidates (use DirectionStorage.REGENERATED)");
    }
    double newMax = Math.max(runningMax, logWeight);
    double oldScale = added == 0 ? 0 : Math.exp(runningMax - newMax);
    double newScale = Math.exp(logWeight - newMax);
    arithmetic.foldAndRestore(sum, held.perturbed(), held.theta(), oldScale, newScale, added == 0);
    runningSum = runningSum * oldScale + newScale;
    runningMax = newMax;
    added++;
  }

  /** Divides by the running sum and negates in one multiply ({@code −1/s} rounds as {@code 1/s} negated). */
  @Override
  public ParameterVector negated(double[] normalised) {
    if (added == 0) {
      throw new IllegalStateException("no candidate was added");
    }
    arithmetic.scale(sum, (float) -(1.0 / runningSum));
    return sum;
  }

  @Override
  public void close() {
    sum.close();
  }
}
