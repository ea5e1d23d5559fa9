package io.github.mgs4j.core.pg;

import static io.github.mgs4j.core.testing.SequenceOracles.addScaled;
import static io.github.mgs4j.core.testing.SequenceOracles.allContinuations;
import static io.github.mgs4j.core.testing.SequenceOracles.gradient;
import static io.github.mgs4j.core.testing.SequenceOracles.logProbabilityGradient;
import static io.github.mgs4j.core.testing.SequenceOracles.maxAbs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.MismatchLoss;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The policy-gradient estimate is unbiased: over many seeds its mean matches the exact gradient of the expected
 * loss, ∇ (1/B) Σ_X Σ_Ŷ p_θ(Ŷ|X) (c(Ŷ, Y) + β log p_θ(Ŷ|X)), summed over every continuation the sampler can
 * produce (a 3-token bigram model decoding at most 3 tokens has 15 per context).
 *
 * <p>Tolerance: the N per-seed gradients are i.i.d. with finite variance, so each coordinate's mean is
 * approximately normal with standard error sd/√N (sd estimated from the same N draws). Every coordinate must lie
 * within z* standard errors of the exact value, z* = Φ⁻¹(1 − 0.001 / (2d)) for d coordinates (Bonferroni: the
 * test of an unbiased estimator fails with probability ≤ 0.001). A coordinate whose draws do not vary must match
 * to float rounding. To show that this tolerance has power, the same draws must reject a wrong expectation: with
 * the leave-one-out baseline, the gradient scaled by (K−1)/K, which is what a baseline that includes the sample
 * itself would give, or, with the entropy bonus, the gradient without it (without a baseline the estimate is too
 * noisy at this N for that check to be reliable, so it is made on the other two rows only).
 */
class ReinforceExpectationTest {
  private static final int EOS = 2;
  private static final Batch EXAMPLES = new Batch(new int[][] {{0}, {1}}, new int[][] {{1, 0, EOS}, {1, EOS}});
  /** The two examples eight times each: 64 samples per estimate, so that a few hundred seeds suffice. */
  private static final Batch BATCH = repeated(EXAMPLES, 8);
  private static final int SEEDS = 150;
  private static final int K = 4;

  private static Batch repeated(Batch batch, int times) {
    int[][] contexts = new int[batch.size() * times][];
    int[][] targets = new int[contexts.length][];
    for (int i = 0; i < contexts.length; i++) {
      contexts[i] = batch.context(i % batch.size());
      targets[i] = batch.target(i % batch.size());
    }
    return new Batch(contexts, targets);
  }

  private static double[] exactGradient(BigramModel model, double entropyWeight, NDManager m) {
    double[] exact = null;
    for (int e = 0; e < EXAMPLES.size(); e++) {
      List<int[]> outcomes = allContinuations(3, EOS, 3);
      assertEquals(15, outcomes.size());
      double total = 0;
      for (int[] y : outcomes) {
        double logp = model.continuationLogProbability(m, new int[][] {EXAMPLES.context(e)}, new int[][] {y})[0];
        double p = Math.exp(logp);
        total += p;
        double cost = new MismatchLoss().perSequence(EXAMPLES.slice(e, e + 1),
            new DecodedBatch(new int[][] {y}, new boolean[] {y[y.length - 1] == EOS}))[0];
        double[] score = logProbabilityGradient(model, EXAMPLES.context(e), y);
        if (exact == null) {
          exact = new double[score.length];
        }
        addScaled(exact, p * (cost + entropyWeight * logp) / EXAMPLES.size(), score);
      }
      assertEquals(1.0, total, 1e-5, "the outcomes of example " + e + " are all the sampler can produce");
    }
    return exact;
  }

  /** The largest |mean − target| / standard error over the coordinates that vary (∞ if a constant one differs). */
  private static double worstZ(double[] mean, double[] sd, double[] target) {
    double worst = 0;
    for (int i = 0; i < mean.length; i++) {
      double difference = Math.abs(mean[i] - target[i]);
      if (sd[i] == 0) {
        worst = Math.max(worst, difference <= 1e-7 ? 0 : Double.POSITIVE_INFINITY);
      } else {
        worst = Math.max(worst, difference / (sd[i] / Math.sqrt(SEEDS)));
      }
    }
    return worst;
  }

  @ParameterizedTest(name = "baseline={0}, entropyWeight={1}")
  @CsvSource({"LEAVE_ONE_OUT, 0", "NONE, 0", "LEAVE_ONE_OUT, 0.5"})
  void theMeanEstimateIsTheExactGradientOfTheExpectedLoss(PolicyGradientConfig.Baseline baseline, double beta) {
    try (BigramModel model = new BigramModel(3, 2, EOS, 9);
        NDManager m = NDManager.newBaseManager()) {
      TrainableParameters parameters = TrainableParameters.of(model);
      PolicyGradientStep step = new PolicyGradientStep(model, new MismatchLoss(),
          PolicyGradientConfig.builder().samples(K).baseline(baseline).entropyWeight(beta)
              .decodeLength(new DecodeLength(1.0, 3)).build(),
          new SeedStream(17));
      long t0 = System.nanoTime();
      double[] sum = null;
      double[] squares = null;
      for (int s = 0; s < SEEDS; s++) {
        try (NDManager scope = m.newSubManager()) {
          step.gradient(BATCH, s, scope);
        }
        double[] g = gradient(parameters);
        if (sum == null) {
          sum = new double[g.length];
          squares = new double[g.length];
        }
        for (int i = 0; i < g.length; i++) {
          sum[i] += g[i];
          squares[i] += g[i] * g[i];
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      int d = sum.length;
      double[] mean = new double[d];
      double[] sd = new double[d];
      for (int i = 0; i < d; i++) {
        mean[i] = sum[i] / SEEDS;
        sd[i] = Math.sqrt(Math.max(0, (squares[i] - SEEDS * mean[i] * mean[i]) / (SEEDS - 1)));
      }
      double[] exact = exactGradient(model, beta, m);
      double threshold = new NormalDistribution().inverseCumulativeProbability(1 - 0.001 / (2 * d));
      double z = worstZ(mean, sd, exact);
      double[] wrong = exact.clone();
      if (beta == 0) {
        for (int i = 0; i < d; i++) {
          wrong[i] *= (K - 1.0) / K;
        }
      } else {
        wrong = exactGradient(model, 0, m);
      }
      double zWrong = worstZ(mean, sd, wrong);
      System.out.printf("PG %s beta=%s: max |z| %.2f against the exact gradient (threshold %.2f), %.2f against a"
          + " wrong one; max |gradient| %.4f; %d estimates in %.1f s%n", baseline, beta, z, threshold, zWrong,
          maxAbs(exact), SEEDS, seconds);
      assertTrue(maxAbs(exact) > 1e-3, "a non-trivial gradient");
      assertTrue(z <= threshold, "the mean estimate is " + z + " standard errors from the exact gradient");
      if (baseline == PolicyGradientConfig.Baseline.LEAVE_ONE_OUT) {
        assertTrue(zWrong > threshold, "the test cannot tell a biased estimate: " + zWrong);
      }
    }
  }
}
