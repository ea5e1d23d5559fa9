package io.github.mgs4j.core.search;

import ai.djl.ndarray.NDArray;
import io.github.mgs4j.core.model.ParameterBuffers;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.GradientClipping;
import io.github.mgs4j.core.runtime.BlockWorkers;
import io.github.mgs4j.core.runtime.FlatBlocks;
import io.github.mgs4j.core.runtime.HostViews;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Streams the self-normalised weighted sum {@code Σ w̃_k Δ_k} into one buffer with online log-sum-exp
 * rescaling: after candidate k, {@code acc = Σ_{j≤k} exp(log w_j − m) Δ_j} and {@code s = Σ_{j≤k} exp(log w_j
 * − m)} with m the running maximum, so no exponential overflows and only one direction-sized buffer exists
 * whatever K is.
 *
 * <p>Δ_k is read as {@code θ_k − θ}, the perturbation actually applied to the float32 parameters (θ_k being
 * the live parameters perturbed in place, or a replica's, copied to θ's device first when it lives on another
 * one), and θ_k is reset to θ right after, bit for bit.
 *
 * <p>Two executions of the same float operations: when the candidate, θ and the accumulator all have host
 * views, one Java pass per block on a {@link BlockWorkers} team (read θ_k, θ and the accumulator once, write
 * the accumulator and θ_k); otherwise four or five engine calls per tensor. The results are bit-identical.
 */
final class DirectionAccumulator {
  private final ParameterBuffers accumulator;
  private final BlockWorkers workers;
  private final List<FloatBuffer> views;
  private double runningMax = Double.NEGATIVE_INFINITY;
  private double runningSum;
  private int added;

  /**
   * Creates an accumulator over buffers.
   *
   * @param accumulator the buffers (zeros, contiguous: {@link ParameterBuffers} allocates them so)
   * @param workers the team for host passes, or null for engine operations only
   */
  DirectionAccumulator(ParameterBuffers accumulator, BlockWorkers workers) {
    this.accumulator = accumulator;
    this.workers = workers;
    // Freshly allocated dense arrays: a direct buffer over them is their storage, so no write probe is needed.
    this.views = workers == null ? null : HostViews.of(accumulator.arrays(), false);
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
   * @param candidateViews in-place host views of θ_k, or null
   * @param base θ per tensor: the snapshot of the live parameters, or the live parameters themselves
   * @param baseViews host views of θ, or null
   * @param remote whether θ_k lives on another device than θ (a remote replica's): it is then copied to θ's
   *     device tensor by tensor and folded there (same float operations)
   */
  void addAndRestore(
      double logWeight,
      TrainableParameters candidate,
      List<FloatBuffer> candidateViews,
      List<NDArray> base,
      List<FloatBuffer> baseViews,
      boolean remote) {
    if (!Double.isFinite(logWeight)) {
      throw new IllegalArgumentException("log weight is " + logWeight);
    }
    double newMax = Math.max(runningMax, logWeight);
    double oldScale = added == 0 ? 0 : Math.exp(runningMax - newMax);
    double newScale = Math.exp(logWeight - newMax);
    if (views != null && candidateViews != null && baseViews != null && !remote) {
      foldOnHost(candidateViews, baseViews, oldScale, newScale, added == 0);
    } else {
      foldOnEngine(candidate, base, oldScale, newScale, remote);
    }
    runningSum = runningSum * oldScale + newScale;
    runningMax = newMax;
    added++;
  }

  private void foldOnEngine(
      TrainableParameters candidate, List<NDArray> base, double oldScale, double newScale, boolean remote) {
    for (int w = 0; w < candidate.count(); w++) {
      NDArray held = candidate.array(w);
      NDArray acc = accumulator.get(w);
      NDArray theta = remote ? CandidateReplicas.copyOnto(held, acc.getManager()) : held;
      try {
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
      } finally {
        if (remote) {
          theta.close();
        }
      }
      TrainableParameters.copyInto(held, base.get(w));
    }
  }

  /** {@link #foldOnEngine}'s float operations, element by element, one pass per block. */
  private void foldOnHost(
      List<FloatBuffer> candidate, List<FloatBuffer> base, double oldScale, double newScale, boolean first) {
    boolean scaleNew = newScale != 1;
    boolean scaleOld = !first && oldScale != 1;
    float newFactor = (float) newScale;
    float oldFactor = (float) oldScale;
    List<FlatBlocks.Block> blocks = FlatBlocks.of(views, CandidateSampler.CHUNK_ELEMENTS);
    workers.forEach(
        blocks.size(),
        (i, scratch) -> {
          FlatBlocks.Block b = blocks.get(i);
          int n = b.length();
          float[] theta = b.read(candidate, scratch.floats(0, n));
          float[] origin = b.read(base, scratch.floats(1, n));
          float[] acc = first ? scratch.floats(2, n) : b.read(views, scratch.floats(2, n));
          for (int j = 0; j < n; j++) {
            float d = theta[j] - origin[j];
            if (scaleNew) {
              d *= newFactor;
            }
            if (first) {
              acc[j] = d;
            } else {
              float a = scaleOld ? acc[j] * oldFactor : acc[j];
              acc[j] = a + d;
            }
          }
          b.write(views, acc);
          b.write(candidate, origin);
        });
  }

  /**
   * Finishes the step: divides by the running sum and negates, so the buffer holds the update
   * {@code −Σ w̃_k Δ_k} handed to the optimizer, and returns the buffer per tensor. Multiplying by
   * {@code −1/s} rounds exactly as multiplying by {@code 1/s} and negating.
   */
  ParameterBuffers negatedDirection() {
    if (added == 0) {
      throw new IllegalStateException("no candidate was added");
    }
    float factor = (float) -(1.0 / runningSum);
    if (views != null) {
      GradientClipping.scaleInPlace(views, factor, workers, CandidateSampler.CHUNK_ELEMENTS);
    } else {
      for (int w = 0; w < accumulator.count(); w++) {
        accumulator.get(w).muli(factor);
      }
    }
    return accumulator;
  }

  /** Host views of the buffers (null when they live off the host). */
  List<FloatBuffer> views() {
    return views;
  }
}
