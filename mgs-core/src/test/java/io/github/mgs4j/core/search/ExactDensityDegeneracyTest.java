package io.github.mgs4j.core.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The claim of docs/algorithm.md: in high dimension the true mixture density (EXACT) differs between
 * candidates by hundreds of nats, so one candidate takes all the weight (ESS ≈ 1), while the authors'
 * unit-variance surrogate (AUTHORS) keeps the weights driven by the task loss.
 */
class ExactDensityDegeneracyTest {

  private static double[] essAndLogqSpread(ProposalDensity density) {
    CountingTask task = new CountingTask(40);
    Batch batch = task.batches(1, 8, 2).get(0);
    int steps = 8;
    double[] ess = new double[steps];
    double spread = 0;
    try (BigramModel model = new BigramModel(task.vocabulary(), 128, task.eos(), 7)) {
      MgsConfig config = MgsConfig.builder().candidates(4).alpha(1).density(density).build();
      try (MgsStep step = new MgsStep(model, new MismatchLoss(), config, new SeedStream(3))) {
        for (int s = 0; s < steps; s++) {
          StepDiagnostics d = step.run(batch, s);
          ess[s] = d.effectiveSampleSize();
          double lo = Double.POSITIVE_INFINITY;
          double hi = Double.NEGATIVE_INFINITY;
          for (double q : d.logProposal()) {
            lo = Math.min(lo, q);
            hi = Math.max(hi, q);
          }
          spread += (hi - lo) / steps;
        }
      }
    }
    // The median step: two candidates' log q can land within a nat of each other by chance (a few per cent of
    // steps), which splits that one step's weight between them.
    Arrays.sort(ess);
    return new double[] {(ess[steps / 2 - 1] + ess[steps / 2]) / 2, spread};
  }

  @Test
  void exactDensityCollapsesTheWeightsInHighDimension() {
    double[] exact = essAndLogqSpread(ProposalDensity.EXACT);
    double[] authors = essAndLogqSpread(ProposalDensity.AUTHORS);
    System.out.printf("10.5k parameters, K=4, median over 8 steps: EXACT ESS %.3f (log q spread %.1f nats); AUTHORS ESS %.3f (spread %.2e)%n",
        exact[0], exact[1], authors[0], authors[1]);
    assertTrue(exact[1] > 50, "EXACT log q should differ by many nats between candidates: " + exact[1]);
    assertTrue(exact[0] < 1.05, "EXACT should put (almost) all weight on one candidate: ESS " + exact[0]);
    assertTrue(authors[1] < 1e-2, "AUTHORS log q is nearly constant: " + authors[1]);
    assertTrue(authors[0] > 1.5, "AUTHORS keeps several candidates in play: ESS " + authors[0]);
  }
}
