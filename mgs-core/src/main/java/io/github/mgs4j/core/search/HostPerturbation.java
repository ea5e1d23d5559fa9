package io.github.mgs4j.core.search;

import io.github.mgs4j.core.rng.GaussianNoise;
import io.github.mgs4j.core.runtime.BlockWorkers;
import io.github.mgs4j.core.runtime.HostViews;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Perturbations and regenerations written by Java code straight into CPU parameters and gradients
 * ({@link HostViews}), one fused pass per block on a {@link BlockWorkers} team: draw the standard normals,
 * subtract the MLE direction, add to θ and accumulate ε·ε and ε·g, with no native temporary and no engine
 * call per block. The float arithmetic is the engine path's, operation for operation, so θ and the
 * regenerated update are bit-identical to {@link DevicePerturbation}'s; ε·ε and ε·g are summed in double
 * (the engine sums float32 blocks), so the statistics agree to float32 rounding.
 */
final class HostPerturbation {
  private final BlockWorkers workers;

  HostPerturbation(BlockWorkers workers) {
    this.workers = workers;
  }

  /**
   * θ ← θ + ε along a plan, ε = σ·n (− ∇L for an MLE candidate).
   *
   * @param theta views of the parameters perturbed
   * @param gradients views of ∇L (read only)
   * @return per tensor: {ε·ε, ε·g} with g = −∇L
   */
  double[][] perturb(
      List<FloatBuffer> theta, List<FloatBuffer> gradients, NoisePlan plan, boolean fromMle, long seed) {
    List<NoisePlan.Segment> segments = plan.segments();
    double[] squares = new double[segments.size()];
    double[] crosses = new double[segments.size()];
    workers.forEach(
        segments.size(),
        (i, scratch) -> {
          NoisePlan.Segment s = segments.get(i);
          int n = s.elements();
          float[] values = read(theta, s, scratch.floats(1, n));
          float[] gradient = read(gradients, s, scratch.floats(2, n));
          double[] products =
              s.noise() != null
                  ? addNoise(values, gradient, n, fromMle, GaussianNoise.normals(seed, s.noise()), s.noise().scale())
                  : addCentre(values, gradient, n, fromMle, scratch.floats(0, n));
          write(theta, s, values);
          squares[i] = products[0];
          crosses[i] = products[1];
        });
    int count = theta.size();
    double[] epsilonSquared = new double[count];
    double[] epsilonDotCentre = new double[count];
    for (int i = 0; i < segments.size(); i++) {
      int w = segments.get(i).tensor();
      epsilonSquared[w] += squares[i];
      epsilonDotCentre[w] -= crosses[i];
    }
    return new double[][] {epsilonSquared, epsilonDotCentre};
  }

  /**
   * Turns ∇L into {@code share·∇L − Σ_k (w̃_k σ)·n_k} in place, in one pass: per block, scale, then subtract
   * every weighted candidate's regenerated noise in candidate order.
   *
   * @param gradients views of ∇L, overwritten with the update
   * @param plan the walk over every tensor (noise scales σ)
   * @param share the MLE component's total weight
   * @param weights w̃_k; candidates with weight 0 are skipped
   * @param seeds each candidate's noise seed
   */
  void regenerate(List<FloatBuffer> gradients, NoisePlan plan, float share, double[] weights, long[] seeds) {
    List<NoisePlan.Segment> segments = plan.segments();
    workers.forEach(
        segments.size(),
        (i, scratch) -> {
          NoisePlan.Segment s = segments.get(i);
          int n = s.elements();
          float[] values = read(gradients, s, scratch.floats(1, n));
          for (int j = 0; j < n; j++) {
            values[j] *= share;
          }
          if (s.noise() != null) {
            for (int c = 0; c < weights.length; c++) {
              double scale = weights[c] * s.noise().scale();
              if (weights[c] > 0 && scale != 0) {
                float[] noise = scratch.floats(0, n);
                GaussianNoise.Block block =
                    new GaussianNoise.Block(s.noise().tensor(), s.noise().index(), n, scale);
                GaussianNoise.draw(seeds[c], block, noise);
                for (int j = 0; j < n; j++) {
                  values[j] -= noise[j];
                }
              }
            }
          }
          write(gradients, s, values);
        });
  }

  /**
   * θ ← θ + ε for one block as its noise is drawn, ε_j = (float) (scale·z_j) (− g_j for an MLE candidate),
   * accumulating {Σ ε_j², Σ ε_j g_j} in the order {@link #products} uses, in the same loop: the standard
   * normals are never stored, and the arithmetic overlaps the sampler's (one loop costs about the draw alone,
   * where drawing into an array and then adding, subtracting and multiplying in three more loops cost 1.5 ×).
   *
   * @param values θ's block, changed in place
   * @param gradient ∇L's block
   * @param n the block's size
   * @param fromMle whether ε is centred on −∇L
   * @param normal the block's standard normals
   * @param scale σ of the block's tensor
   * @return {Σ ε_j², Σ ε_j ∇L_j}
   */
  static double[] addNoise(
      float[] values,
      float[] gradient,
      int n,
      boolean fromMle,
      ZigguratSampler.NormalizedGaussian normal,
      double scale) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double c0 = 0;
    double c1 = 0;
    double c2 = 0;
    double c3 = 0;
    // ε = z − 0f leaves every z as it is (−0 included), so one loop serves both components.
    int j = 0;
    for (; j + 3 < n; j += 4) {
      float e0 = (float) (scale * normal.sample()) - (fromMle ? gradient[j] : 0f);
      float e1 = (float) (scale * normal.sample()) - (fromMle ? gradient[j + 1] : 0f);
      float e2 = (float) (scale * normal.sample()) - (fromMle ? gradient[j + 2] : 0f);
      float e3 = (float) (scale * normal.sample()) - (fromMle ? gradient[j + 3] : 0f);
      values[j] += e0;
      values[j + 1] += e1;
      values[j + 2] += e2;
      values[j + 3] += e3;
      s0 += (double) e0 * e0;
      s1 += (double) e1 * e1;
      s2 += (double) e2 * e2;
      s3 += (double) e3 * e3;
      c0 += (double) e0 * gradient[j];
      c1 += (double) e1 * gradient[j + 1];
      c2 += (double) e2 * gradient[j + 2];
      c3 += (double) e3 * gradient[j + 3];
    }
    for (; j < n; j++) {
      float e0 = (float) (scale * normal.sample()) - (fromMle ? gradient[j] : 0f);
      values[j] += e0;
      s0 += (double) e0 * e0;
      c0 += (double) e0 * gradient[j];
    }
    return new double[] {(s0 + s1) + (s2 + s3), (c0 + c1) + (c2 + c3)};
  }

  /**
   * θ ← θ + ε for a block without noise: ε = 0 − ∇L for an MLE candidate, 0 otherwise (the engine path's
   * zeros minus the gradient, sign of zero included).
   *
   * @return {Σ ε_j², Σ ε_j ∇L_j}
   */
  private static double[] addCentre(float[] values, float[] gradient, int n, boolean fromMle, float[] epsilon) {
    Arrays.fill(epsilon, 0, n, 0f);
    if (fromMle) {
      for (int j = 0; j < n; j++) {
        epsilon[j] -= gradient[j];
      }
    }
    for (int j = 0; j < n; j++) {
      values[j] += epsilon[j];
    }
    return products(epsilon, gradient, n);
  }

  /**
   * {Σ e_j², Σ e_j g_j} over the first n entries, in double, as four interleaved partial sums each (one running
   * sum is a chain of dependent additions; the order is fixed, so the result is too).
   */
  static double[] products(float[] e, float[] g, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double c0 = 0;
    double c1 = 0;
    double c2 = 0;
    double c3 = 0;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      double e0 = e[j];
      double e1 = e[j + 1];
      double e2 = e[j + 2];
      double e3 = e[j + 3];
      s0 += e0 * e0;
      s1 += e1 * e1;
      s2 += e2 * e2;
      s3 += e3 * e3;
      c0 += e0 * g[j];
      c1 += e1 * g[j + 1];
      c2 += e2 * g[j + 2];
      c3 += e3 * g[j + 3];
    }
    for (; j < n; j++) {
      double e0 = e[j];
      s0 += e0 * e0;
      c0 += e0 * g[j];
    }
    return new double[] {(s0 + s1) + (s2 + s3), (c0 + c1) + (c2 + c3)};
  }

  /** Copies a segment of its tensor's view into {@code into}. */
  private static float[] read(List<FloatBuffer> views, NoisePlan.Segment s, float[] into) {
    views.get(s.tensor()).get(Math.toIntExact(s.offset()), into, 0, s.elements());
    return into;
  }

  /** Copies {@code values} back into a segment of its tensor's view. */
  private static void write(List<FloatBuffer> views, NoisePlan.Segment s, float[] values) {
    views.get(s.tensor()).put(Math.toIntExact(s.offset()), values, 0, s.elements());
  }
}
