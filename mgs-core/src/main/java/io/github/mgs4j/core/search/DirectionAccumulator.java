package io.github.mgs4j.core.search;

import ai.djl.ndarray.NDArray;
import io.github.mgs4j.core.model.ParameterBuffers;
import io.github.mgs4j.core.model.TrainableParameters;
import java.util.List;

/**
 * Streams the self-normalised weighted sum {@code Σ w̃_k Δ_k} into one buffer with online log-sum-exp
 * rescaling: after candidate k, {@code acc = Σ_{j≤k} exp(log w_j − m) Δ_j} and {@code s = Σ_{j≤k} exp(log w_j
 * − m)} with m the running maximum, so no exponential overflows and only one direction-sized buffer exists
 * whatever K is.
 *
 * <p>Δ_k is read as {@code θ_k − θ}, the perturbation actually applied to the float32 parameters (θ_k being
 * the live parameters perturbed in place, or a replica's), and θ_k is reset to θ right after, bit for bit.
 */
final class DirectionAccumulator {
  private final ParameterBuffers accumulator;
  private double runningMax = Double.NEGATIVE_INFINITY;
  private double runningSum;
  private int added;

  DirectionAccumulator(ParameterBuffers accumulator) {
    this.accumulator = accumulator;
  }

  /** Starts a new step. */
  void reset() {
    runningMax = Double.NEGATIVE_INFINITY;
    runningSum = 0;
    added = 0;
  }

  /**
   * Adds the candidate {@code candidate} holds, with unnormalised log weight {@code logWeight}, then resets
   * {@code candidate} to {@code base}.
   *
   * @param logWeight the candidate's unnormalised log weight
   * @param candidate θ_k: the perturbed parameters (the live ones or a replica's)
   * @param base θ per tensor: the snapshot of the live parameters, or the live parameters themselves
   */
  void addAndRestore(double logWeight, TrainableParameters candidate, List<NDArray> base) {
    if (!Double.isFinite(logWeight)) {
      throw new IllegalArgumentException("log weight is " + logWeight);
    }
    double newMax = Math.max(runningMax, logWeight);
    double oldScale = added == 0 ? 0 : Math.exp(runningMax - newMax);
    double newScale = Math.exp(logWeight - newMax);
    for (int w = 0; w < candidate.count(); w++) {
      NDArray theta = candidate.array(w);
      NDArray acc = accumulator.get(w);
      theta.subi(base.get(w));
      if (newScale != 1) {
        theta.muli((float) newScale);
      }
      if (added == 0) {
        TrainableParameters.copyInto(acc, theta);
      } else {
        if (oldScale != 1) {
          acc.muli((float) oldScale);
        }
        acc.addi(theta);
      }
      TrainableParameters.copyInto(theta, base.get(w));
    }
    runningSum = runningSum * oldScale + newScale;
    runningMax = newMax;
    added++;
  }

  /**
   * Finishes the step: divides by the running sum so the buffer holds {@code Σ w̃_k Δ_k}, and returns the
   * buffer per tensor.
   */
  ParameterBuffers finish() {
    if (added == 0) {
      throw new IllegalStateException("no candidate was added");
    }
    float inverse = (float) (1.0 / runningSum);
    for (int w = 0; w < accumulator.count(); w++) {
      accumulator.get(w).muli(inverse);
    }
    return accumulator;
  }
}
