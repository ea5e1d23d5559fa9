package io.github.mgs4j.core.mrt;

import static io.github.mgs4j.core.testing.SequenceOracles.addScaled;
import static io.github.mgs4j.core.testing.SequenceOracles.gradient;
import static io.github.mgs4j.core.testing.SequenceOracles.logProbabilityGradient;
import static io.github.mgs4j.core.testing.SequenceOracles.maxAbs;
import static io.github.mgs4j.core.testing.SequenceOracles.maxDifference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.MleGradient;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.sequence.SampledSequences;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.MismatchLoss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The MRT gradient against the closed form of eq. (7), computed from per-sequence score functions ∇log p_θ(Ŷ|X)
 * (one backward pass each) and q, E_q[c] evaluated on the host in double precision.
 */
class MinimumRiskGradientTest {
  private static final int EOS = 3;
  private static final Batch BATCH = new Batch(
      new int[][] {{0}, {2}, {1}}, new int[][] {{1, 2, EOS}, {0, EOS}, {2, 1, 0, EOS}});
  private static final double ALPHA = 0.7;

  private static MrtConfig.Builder config() {
    return MrtConfig.builder().samples(8).alpha(ALPHA).decodeLength(new DecodeLength(1.0, 4));
  }

  /** Host scores s(Ŷ) and their gradients. */
  private static double score(BigramModel model, SampledSequences s, int r, boolean normalised, NDManager m) {
    double logp = model.continuationLogProbability(m, new int[][] {BATCH.context(s.example(r))},
        new int[][] {s.continuation(r)})[0];
    return normalised ? logp / s.continuation(r).length : logp;
  }

  @ParameterizedTest(name = "lengthNormalized={0}, mleWeight={1}")
  @CsvSource({"false, 0", "true, 0", "false, 0.3"})
  void theGradientIsEquationSeven(boolean normalised, double mleWeight) {
    try (BigramModel model = new BigramModel(4, 3, EOS, 5);
        NDManager m = NDManager.newBaseManager()) {
      TrainableParameters parameters = TrainableParameters.of(model);
      MrtStep step = new MrtStep(model, new MismatchLoss(),
          config().lengthNormalized(normalised).mleWeight(mleWeight).build(), new SeedStream(3));
      MrtStep.Gradient g = step.gradient(BATCH, 5, m);
      double[] actual = gradient(parameters);
      SampledSequences s = g.samples();
      double[] expected = new double[actual.length];
      double total = 0;
      for (int e = 0; e < s.examples(); e++) {
        int from = s.firstRow(e);
        int to = from + s.size(e);
        double[] scores = new double[s.size(e)];
        double max = Double.NEGATIVE_INFINITY;
        for (int r = from; r < to; r++) {
          scores[r - from] = score(model, s, r, normalised, m);
          max = Math.max(max, ALPHA * scores[r - from]);
        }
        double z = 0;
        for (double v : scores) {
          z += Math.exp(ALPHA * v - max);
        }
        double expectedCost = 0;
        double[] q = new double[scores.length];
        for (int r = from; r < to; r++) {
          q[r - from] = Math.exp(ALPHA * scores[r - from] - max) / z;
          expectedCost += q[r - from] * s.cost(r);
          assertEquals(q[r - from], g.risk().q()[r], 1e-5, "q of row " + r);
        }
        assertEquals(expectedCost, g.risk().perExample()[e], 1e-5, "E_q[c] of example " + e);
        total += expectedCost / s.examples();
        for (int r = from; r < to; r++) {
          double[] score = logProbabilityGradient(model, BATCH.context(e), s.continuation(r));
          double scale = normalised ? 1.0 / s.continuation(r).length : 1.0;
          addScaled(expected, (1 - mleWeight) * ALPHA * q[r - from] * (s.cost(r) - expectedCost) * scale / s.examples(),
              score);
        }
      }
      assertEquals(total, g.risk().value(), 1e-6);
      if (mleWeight > 0) {
        MleGradient.compute(model, parameters, BATCH, false, m);
        addScaled(expected, mleWeight, gradient(parameters));
      }
      assertTrue(maxAbs(expected) > 1e-3, "a non-trivial gradient: " + maxAbs(expected));
      double difference = maxDifference(expected, actual);
      System.out.printf("MRT gradient vs eq. (7): max |difference| %.2e, max |gradient| %.3f%n", difference,
          maxAbs(expected));
      assertTrue(difference <= 1e-6 + 1e-5 * maxAbs(expected), "max |difference| " + difference);
    }
  }

  /**
   * With the reference in S: its cost is 0 and its term of eq. (7) is −α q(Y*) E_q[c] ∇log p(Y*|X), an MLE
   * gradient of the reference weighted by the risk; the rest is eq. (7) over the sampled candidates.
   */
  @Test
  void withTheReferenceTheGradientIsTheExpansionBelowEquationSeven() {
    try (BigramModel model = new BigramModel(4, 3, EOS, 5);
        NDManager m = NDManager.newBaseManager()) {
      TrainableParameters parameters = TrainableParameters.of(model);
      MrtStep step = new MrtStep(model, new MismatchLoss(), config().includeReference(true).build(), new SeedStream(3));
      MrtStep.Gradient g = step.gradient(BATCH, 5, m);
      double[] actual = gradient(parameters);
      SampledSequences s = g.samples();
      double[] referenceTerm = new double[actual.length];
      double[] sampledTerm = new double[actual.length];
      for (int e = 0; e < s.examples(); e++) {
        int from = s.firstRow(e);
        assertTrue(s.isReference(from), "the reference comes first");
        assertArrayEquals(BATCH.target(e), s.continuation(from));
        assertEquals(0, s.cost(from));
        double[] logp = new double[s.size(e)];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < logp.length; j++) {
          assertEquals(j == 0, s.isReference(from + j));
          logp[j] = score(model, s, from + j, false, m);
          max = Math.max(max, ALPHA * logp[j]);
        }
        double z = 0;
        for (double v : logp) {
          z += Math.exp(ALPHA * v - max);
        }
        double expectedCost = 0;
        for (int j = 0; j < logp.length; j++) {
          expectedCost += Math.exp(ALPHA * logp[j] - max) / z * s.cost(from + j);
        }
        double referenceQ = Math.exp(ALPHA * logp[0] - max) / z;
        addScaled(referenceTerm, -ALPHA * referenceQ * expectedCost / s.examples(),
            logProbabilityGradient(model, BATCH.context(e), BATCH.target(e)));
        for (int j = 1; j < logp.length; j++) {
          double q = Math.exp(ALPHA * logp[j] - max) / z;
          addScaled(sampledTerm, ALPHA * q * (s.cost(from + j) - expectedCost) / s.examples(),
              logProbabilityGradient(model, BATCH.context(e), s.continuation(from + j)));
        }
      }
      double[] expected = referenceTerm.clone();
      addScaled(expected, 1, sampledTerm);
      assertTrue(maxAbs(referenceTerm) > 1e-3, "the reference's MLE-like term matters: " + maxAbs(referenceTerm));
      double difference = maxDifference(expected, actual);
      assertTrue(difference <= 1e-6 + 1e-5 * maxAbs(expected), "max |difference| " + difference);
      assertTrue(g.risk().referenceWeight(s) > 0 && g.risk().referenceWeight(s) < 1);
    }
  }

  /** S is a set: the deduplicated candidates are the distinct draws of the same seed, in the order drawn. */
  @Test
  void deduplicationKeepsEachDistinctDrawOnceInOrder() {
    try (BigramModel model = new BigramModel(4, 3, EOS, 5);
        NDManager m = NDManager.newBaseManager()) {
      SampledSequences all = new MrtStep(model, new MismatchLoss(), config().samples(16).deduplicate(false).build(),
          new SeedStream(3)).gradient(BATCH, 5, m).samples();
      SampledSequences set = new MrtStep(model, new MismatchLoss(), config().samples(16).build(),
          new SeedStream(3)).gradient(BATCH, 5, m).samples();
      boolean anyDuplicate = false;
      for (int e = 0; e < BATCH.size(); e++) {
        assertEquals(16, all.size(e));
        List<List<Integer>> distinct = new ArrayList<>();
        for (int r = all.firstRow(e); r < all.firstRow(e) + all.size(e); r++) {
          List<Integer> tokens = Arrays.stream(all.continuation(r)).boxed().toList();
          if (!distinct.contains(tokens)) {
            distinct.add(tokens);
          }
        }
        anyDuplicate |= distinct.size() < 16;
        assertEquals(distinct.size(), set.size(e), "example " + e);
        for (int j = 0; j < distinct.size(); j++) {
          assertEquals(distinct.get(j), Arrays.stream(set.continuation(set.firstRow(e) + j)).boxed().toList());
        }
      }
      assertTrue(anyDuplicate, "16 draws from a 4-token bigram model repeat themselves");
      assertEquals(all.decodedTokens(), set.decodedTokens(), "the decoding cost is the same");
    }
  }
}
