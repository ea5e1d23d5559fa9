package io.github.mgs4j.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class ProposalDensityTest {

  /** Builds statistics of ε split into tensors of the given sizes, with per-tensor σ. */
  static CandidateStatistics stats(double[] eps, double[] centre, int[] split, double[] sigma) {
    long[] sizes = new long[split.length];
    double[] ee = new double[split.length];
    double[] eg = new double[split.length];
    double[] gg = new double[split.length];
    int at = 0;
    for (int w = 0; w < split.length; w++) {
      sizes[w] = split[w];
      for (int i = 0; i < split[w]; i++, at++) {
        ee[w] += eps[at] * eps[at];
        eg[w] += eps[at] * centre[at];
        gg[w] += centre[at] * centre[at];
      }
    }
    return new CandidateStatistics(sizes, sigma, ee, eg, gg);
  }

  @Test
  void exactIsTheTrueMixtureDensity() {
    Random random = new Random(4);
    int[] split = {3, 5};
    double[] sigma = {0.5, 1.7};
    for (int trial = 0; trial < 50; trial++) {
      double[] eps = new double[8];
      double[] g = new double[8];
      for (int i = 0; i < 8; i++) {
        eps[i] = random.nextGaussian();
        g[i] = random.nextGaussian() * 0.5;
      }
      double pi = 0.3;
      double zero = 0;
      double mle = 0;
      int at = 0;
      for (int w = 0; w < split.length; w++) {
        NormalDistribution n = new NormalDistribution(0, sigma[w]);
        for (int i = 0; i < split[w]; i++, at++) {
          zero += n.logDensity(eps[at]);
          mle += n.logDensity(eps[at] - g[at]);
        }
      }
      double expected = Math.log(pi * Math.exp(zero) + (1 - pi) * Math.exp(mle));
      double actual = ProposalDensity.EXACT.logDensity(stats(eps, g, split, sigma), pi);
      assertEquals(expected, actual, 1e-10);
    }
  }

  @Test
  void authorsIsTheUnitVarianceHalfHalfMixtureOverAllParameters() {
    Random random = new Random(5);
    for (int trial = 0; trial < 50; trial++) {
      double[] eps = new double[6];
      double[] g = new double[6];
      double ee = 0;
      double eg = 0;
      double gg = 0;
      for (int i = 0; i < 6; i++) {
        eps[i] = random.nextGaussian();
        g[i] = random.nextGaussian();
        ee += eps[i] * eps[i];
        eg += eps[i] * g[i];
        gg += g[i] * g[i];
      }
      double expected = Math.log(0.5 * Math.exp(-0.5 * ee) + 0.5 * Math.exp(-0.5 * ee + eg - 0.5 * gg));
      double actual =
          ProposalDensity.AUTHORS.logDensity(stats(eps, g, new int[] {2, 4}, new double[] {9, 9}), 0.9);
      assertEquals(expected, actual, 1e-12, "sigma and pi must not matter for the authors' density");
    }
  }

  @Test
  void densitiesStayFiniteWhereTheNaiveFormulaUnderflows() {
    CandidateStatistics huge =
        new CandidateStatistics(new long[] {1_000_000}, new double[] {1e-4}, new double[] {1e4},
            new double[] {50}, new double[] {2});
    double authors = ProposalDensity.AUTHORS.logDensity(huge, 0.5);
    assertEquals(-0.5 * 1e4 + 49 + Math.log1p(Math.exp(-49)) + Math.log(0.5), authors, 1e-9);
    double exact = ProposalDensity.EXACT.logDensity(huge, 0.5);
    assertTrue(Double.isFinite(exact), "exact density must stay finite: " + exact);
    assertEquals(0, ProposalDensity.NONE.logDensity(huge, 0.5));
  }

  @Test
  void exactIgnoresDeterministicTensorsAndHonoursPureComponents() {
    CandidateStatistics s =
        new CandidateStatistics(new long[] {2, 3}, new double[] {0, 1}, new double[] {5, 1},
            new double[] {0, 0.5}, new double[] {0, 1});
    double onlyZero = -3 * 0.5 * Math.log(2 * Math.PI) - 0.5 * 1;
    double onlyMle = -3 * 0.5 * Math.log(2 * Math.PI) - 0.5 * (1 - 1 + 1);
    assertEquals(onlyZero, ProposalDensity.EXACT.logDensity(s, 1.0), 1e-12);
    assertEquals(onlyMle, ProposalDensity.EXACT.logDensity(s, 0.0), 1e-12);
  }
}
