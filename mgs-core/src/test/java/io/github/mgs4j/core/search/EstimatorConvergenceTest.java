package io.github.mgs4j.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The MGS direction Σ w̃_k Δ_k is a self-normalised importance-sampling estimate of equation (2), E[Δ] under
 * p(Δ) ∝ exp(α(C(θ) − C(θ+Δ))). With the true proposal density (EXACT) it must converge, as K grows, to the
 * brute-force expectation computed by quadrature.
 */
class EstimatorConvergenceTest {
  private static final double ALPHA = 2.0;
  private static final double[] G = {0.8, -0.3};

  /** A 2-D task loss around θ = 0 with a tilted minimum. */
  static double loss(double x, double y) {
    return 0.5 * (1.5 * x * x + 0.6 * x * y + 0.8 * y * y) - 0.7 * x + 0.2 * y + 0.1 * Math.sin(3 * x);
  }

  /** E[Δ] under p(Δ) ∝ exp(−α C(θ+Δ)) by midpoint quadrature on a fine grid. */
  static double[] bruteForce() {
    double sum = 0;
    double sx = 0;
    double sy = 0;
    int n = 1200;
    double lo = -8;
    double h = 16.0 / n;
    for (int i = 0; i < n; i++) {
      double x = lo + (i + 0.5) * h;
      for (int j = 0; j < n; j++) {
        double y = lo + (j + 0.5) * h;
        double p = Math.exp(-ALPHA * loss(x, y));
        sum += p;
        sx += p * x;
        sy += p * y;
      }
    }
    return new double[] {sx / sum, sy / sum};
  }

  /** One MGS direction with K candidates, using the production proposal, density and weights. */
  static double[] mgsDirection(int k, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double sigma = 1.2;
    boolean[] fromMle = ComponentAssignment.SAMPLED.assign(k, 0.5, random);
    double[][] eps = new double[k][2];
    double[] losses = new double[k];
    double[] logq = new double[k];
    double c0 = loss(0, 0);
    for (int c = 0; c < k; c++) {
      double ee = 0;
      double eg = 0;
      for (int d = 0; d < 2; d++) {
        eps[c][d] = sigma * gaussian(random) + (fromMle[c] ? G[d] : 0);
        ee += eps[c][d] * eps[c][d];
        eg += eps[c][d] * G[d];
      }
      CandidateStatistics s = new CandidateStatistics(
          new long[] {2}, new double[] {sigma}, new double[] {ee}, new double[] {eg},
          new double[] {G[0] * G[0] + G[1] * G[1]});
      logq[c] = ProposalDensity.EXACT.logDensity(s, 0.5);
      losses[c] = loss(eps[c][0], eps[c][1]);
    }
    double[] w = ImportanceWeights.compute(c0, losses, logq, ALPHA).normalised();
    double[] direction = new double[2];
    for (int c = 0; c < k; c++) {
      direction[0] += w[c] * eps[c][0];
      direction[1] += w[c] * eps[c][1];
    }
    return direction;
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  static double meanError(int k, double[] truth, int repeats) {
    double error = 0;
    for (int r = 0; r < repeats; r++) {
      double[] d = mgsDirection(k, 1000L * k + r);
      error += Math.hypot(d[0] - truth[0], d[1] - truth[1]);
    }
    return error / repeats;
  }

  @Test
  void directionConvergesToTheBruteForceExpectation() {
    double[] truth = bruteForce();
    double small = meanError(4, truth, 200);
    double medium = meanError(256, truth, 40);
    double large = meanError(65536, truth, 4);
    System.out.printf("E[delta]=(%.4f, %.4f); mean error K=4 %.4f, K=256 %.4f, K=65536 %.5f%n",
        truth[0], truth[1], small, medium, large);
    assertTrue(medium < small / 3, "error must shrink with K: " + small + " -> " + medium);
    assertTrue(large < medium / 5, "error must shrink with K: " + medium + " -> " + large);
    assertEquals(0, large, 0.02);
  }
}
