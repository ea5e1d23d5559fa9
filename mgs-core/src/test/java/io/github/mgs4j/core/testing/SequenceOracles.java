package io.github.mgs4j.core.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exact quantities of the sequence-level objectives on models with enumerable outputs: every continuation a
 * decoder can produce, and per-sequence score-function gradients ∇log p_θ(Ŷ|X) computed one sequence at a time.
 */
public final class SequenceOracles {
  private SequenceOracles() {}

  /**
   * Every continuation a decoder can return with at most {@code maxLength} tokens over a vocabulary
   * {@code 0..vocabulary−1}: the sequences cut after their first EOS, and the sequences of exactly
   * {@code maxLength} tokens without EOS. Their probabilities under any model sum to one.
   */
  public static List<int[]> allContinuations(int vocabulary, int eos, int maxLength) {
    List<int[]> out = new ArrayList<>();
    extend(new int[0], vocabulary, eos, maxLength, out);
    return out;
  }

  private static void extend(int[] prefix, int vocabulary, int eos, int maxLength, List<int[]> out) {
    for (int v = 0; v < vocabulary; v++) {
      int[] next = Arrays.copyOf(prefix, prefix.length + 1);
      next[prefix.length] = v;
      if (v == eos || next.length == maxLength) {
        out.add(next);
      } else {
        extend(next, vocabulary, eos, maxLength, out);
      }
    }
  }

  /** The current gradients of every parameter, flattened in order. */
  public static double[] gradient(TrainableParameters parameters) {
    List<NDArray> gradients = new ArrayList<>();
    try (NDManager scope = parameters.manager().newSubManager()) {
      for (int w = 0; w < parameters.count(); w++) {
        NDArray g = parameters.gradient(w);
        g.attach(scope);
        gradients.add(g);
      }
      float[] flat = FlatArrays.concat(gradients);
      double[] out = new double[flat.length];
      for (int i = 0; i < flat.length; i++) {
        out[i] = flat[i];
      }
      return out;
    }
  }

  /** ∇θ log p_θ(continuation | context), flattened, by a backward pass of that one sequence. */
  public static double[] logProbabilityGradient(SequenceModel model, int[] context, int[] continuation) {
    TrainableParameters parameters = TrainableParameters.of(model);
    parameters.zeroGradients();
    try (NDManager scope = parameters.manager().newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray logp = model.sequenceLogProbability(scope, new int[][] {context}, new int[][] {continuation}, false);
      collector.backward(logp.sum());
    }
    return gradient(parameters);
  }

  /** {@code a + scale · b}, element-wise into {@code a}. */
  public static void addScaled(double[] a, double scale, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += scale * b[i];
    }
  }

  /** The largest |a_i − b_i|. */
  public static double maxDifference(double[] a, double[] b) {
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }

  /** The largest |a_i|. */
  public static double maxAbs(double[] a) {
    double worst = 0;
    for (double v : a) {
      worst = Math.max(worst, Math.abs(v));
    }
    return worst;
  }
}
