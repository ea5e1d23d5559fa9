package io.github.mgs4j.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImportanceWeightsTest {
  private static final MathContext MC = new MathContext(60);

  /** e^x in 60-digit arithmetic: argument halving, Taylor series, repeated squaring. */
  static BigDecimal exp(BigDecimal x) {
    int halvings = 0;
    BigDecimal y = x;
    while (y.abs().compareTo(BigDecimal.valueOf(0.01)) > 0) {
      y = y.divide(BigDecimal.valueOf(2), MC);
      halvings++;
    }
    BigDecimal term = BigDecimal.ONE;
    BigDecimal sum = BigDecimal.ONE;
    for (int n = 1; n < 40; n++) {
      term = term.multiply(y, MC).divide(BigDecimal.valueOf(n), MC);
      sum = sum.add(term, MC);
    }
    for (int i = 0; i < halvings; i++) {
      sum = sum.multiply(sum, MC);
    }
    return sum;
  }

  /** log w̃_k computed in 60-digit arithmetic from the definition. */
  static double[] referenceLogWeights(double c0, double[] c, double[] logq, double alpha) {
    BigDecimal[] log = new BigDecimal[c.length];
    BigDecimal max = null;
    for (int k = 0; k < c.length; k++) {
      log[k] = new BigDecimal(alpha).multiply(new BigDecimal(c0).subtract(new BigDecimal(c[k])), MC)
          .subtract(new BigDecimal(logq[k]), MC);
      max = max == null || log[k].compareTo(max) > 0 ? log[k] : max;
    }
    BigDecimal sum = BigDecimal.ZERO;
    for (BigDecimal l : log) {
      sum = sum.add(exp(l.subtract(max, MC)), MC);
    }
    double logSum = Math.log(sum.doubleValue());
    double[] out = new double[c.length];
    for (int k = 0; k < c.length; k++) {
      out[k] = log[k].subtract(max, MC).doubleValue() - logSum;
    }
    return out;
  }

  @Test
  void logWeightsEqualAHighPrecisionComputation() {
    Random random = new Random(1);
    for (int trial = 0; trial < 200; trial++) {
      int k = 1 + random.nextInt(16);
      double alpha = new double[] {1, 10, 100}[trial % 3];
      double c0 = random.nextDouble() * 300;
      double[] c = new double[k];
      double[] logq = new double[k];
      for (int i = 0; i < k; i++) {
        c[i] = c0 + (random.nextDouble() - 0.5) * 200;
        logq[i] = -random.nextDouble() * 5000;
      }
      ImportanceWeights w = ImportanceWeights.compute(c0, c, logq, alpha);
      double[] reference = referenceLogWeights(c0, c, logq, alpha);
      double sum = 0;
      for (int i = 0; i < k; i++) {
        double tolerance = 1e-9 * Math.max(1, Math.abs(reference[i]));
        assertEquals(reference[i], w.logNormalised(i), tolerance, "trial " + trial + " candidate " + i);
        assertTrue(Double.isFinite(w.logNormalised(i)));
        sum += w.normalised()[i];
      }
      assertEquals(1.0, sum, 1e-12);
    }
  }

  @Test
  void alphaOneHundredWithLossesInTheHundredsNeitherOverflowsNorDegenerates() {
    double[] c = {100, 400, 250, 100.001};
    ImportanceWeights w = ImportanceWeights.compute(300, c, new double[4], 100);
    double[] n = w.normalised();
    assertEquals(1 / (1 + Math.exp(-0.1)), n[0], 1e-10, "100.001 is not exact in binary");
    assertEquals(0.0, n[1]);
    assertTrue(Double.isFinite(w.logNormalised(1)), "log weight stays finite: " + w.logNormalised(1));
    assertEquals(-30000, w.logNormalised(1), 1);
    assertTrue(w.effectiveSampleSize() > 1.9 && w.effectiveSampleSize() < 2.0);
  }

  @Test
  void rejectsNonFiniteInputsAndBadAlpha() {
    double[] ok = {1, 2};
    assertThrows(IllegalArgumentException.class, () -> ImportanceWeights.compute(Double.NaN, ok, ok, 1));
    assertThrows(IllegalArgumentException.class, () -> ImportanceWeights.compute(1, new double[] {1, Double.NaN}, ok, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> ImportanceWeights.compute(1, ok, new double[] {0, Double.NEGATIVE_INFINITY}, 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ImportanceWeights.compute(1, ok, ok, 0));
    assertTrue(e.getMessage().contains("alpha"));
    assertThrows(IllegalArgumentException.class, () -> ImportanceWeights.compute(1, new double[0], new double[0], 1));
    assertThrows(IllegalArgumentException.class, () -> ImportanceWeights.compute(1, ok, new double[3], 1));
  }

  @Test
  void diagnosticsOfUniformAndDegenerateWeights() {
    ImportanceWeights uniform = ImportanceWeights.compute(1, new double[] {2, 2, 2, 2}, new double[4], 1);
    assertEquals(0, uniform.standardDeviation(), 1e-15);
    assertEquals(4, uniform.effectiveSampleSize(), 1e-12);
    assertEquals(0.5, uniform.totalWeight(new boolean[] {true, false, true, false}), 1e-15);
    ImportanceWeights one = ImportanceWeights.compute(1, new double[] {0, 1000, 1000, 1000}, new double[4], 100);
    assertEquals(1, one.effectiveSampleSize(), 1e-12);
    // One-hot at K = 4: Σ (w̃ − 1/4)² = 9/16 + 3/16 = 3/4; unbiased: sqrt(3/4 / 3) = 1/2 (population: 0.433).
    assertEquals(0.5, one.standardDeviation(), 1e-12);
    assertEquals(0, ImportanceWeights.compute(1, new double[] {3}, new double[1], 1).standardDeviation());
  }

  /** Fig. 2's statistic against numpy's {@code std(ddof=1)} (mgs-core/scripts/weight_std_reference.py). */
  @Test
  void standardDeviationIsNumpysUnbiasedStd() throws Exception {
    JsonNode cases;
    try (var in = getClass().getResourceAsStream("weight-std-numpy.json")) {
      cases = new ObjectMapper().readTree(in).get("cases");
    }
    assertTrue(cases.size() >= 5);
    for (JsonNode c : cases) {
      double[] candidates = doubles(c.get("c"));
      ImportanceWeights w =
          ImportanceWeights.compute(
              c.get("c0").asDouble(), candidates, doubles(c.get("logq")), c.get("alpha").asDouble());
      for (int k = 0; k < candidates.length; k++) {
        assertEquals(c.get("weights").get(k).asDouble(), w.normalised()[k], 1e-12, "weight " + k + " of " + c);
      }
      assertEquals(c.get("std_ddof1").asDouble(), w.standardDeviation(), 1e-12, c.toString());
    }
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
