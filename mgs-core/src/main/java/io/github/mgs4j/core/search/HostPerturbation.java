package io.github.mgs4j.core.search;

import io.github.mgs4j.core.rng.GaussianNoise;
import io.github.mgs4j.core.rng.NoiseWorkers;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Perturbations and regenerations written by Java code straight into CPU parameters and gradients
 * ({@link HostViews}), one fused pass per block on a {@link NoiseWorkers} team: draw the standard normals,
 * subtract the MLE direction, add to θ and accumulate ε·ε and ε·g, with no native temporary and no engine
 * call per block. The float arithmetic is the engine path's, operation for operation, so θ and the
 * regenerated update are bit-identical to {@link DevicePerturbation}'s; ε·ε and ε·g are summed in double
 * (the engine sums float32 blocks), so the statistics agree to float32 rounding.
 */
final class HostPerturbation {
  private final NoiseWorkers workers;

  HostPerturbation(NoiseWorkers workers) {
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
          float[] epsilon = scratch.floats(0, n);
          if (s.noise() != null) {
            GaussianNoise.draw(seed, s.noise(), epsilon);
          } else {
            Arrays.fill(epsilon, 0, n, 0f);
          }
          float[] values = read(theta, s, scratch.floats(1, n));
          float[] gradient = read(gradients, s, scratch.floats(2, n));
          if (fromMle) {
            for (int j = 0; j < n; j++) {
              epsilon[j] -= gradient[j];
            }
          }
          for (int j = 0; j < n; j++) {
            values[j] += epsilon[j];
          }
          write(theta, s, values);
          double[] products = products(epsilon, gradient, n);
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
            float[] noise = scratch.floats(0, n);
            for (int c = 0; c < weights.length; c++) {
              double scale = weights[c] * s.noise().scale();
              if (weights[c] > 0 && scale != 0) {
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
