package io.github.mgs4j.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProposalTest {
  private static final CountingTask TASK = new CountingTask(8);

  /**
   * A proposal of one's own, as one class: only the first candidate follows the MLE direction, and q is the
   * exact mixture density with π = 3/4.
   */
  private static final class FirstFromMle implements Proposal {
    private final List<Double> logDensities = new ArrayList<>();

    @Override
    public boolean[] components(int k, SplittableRandom random) {
      boolean[] fromMle = new boolean[k];
      fromMle[0] = true;
      return fromMle;
    }

    @Override
    public double logDensity(CandidateStatistics statistics) {
      double pi = 0.75;
      double logQ = ProposalDensity.EXACT.logDensity(statistics, pi);
      logDensities.add(logQ);
      return logQ;
    }
  }

  @Test
  void aNewProposalIsOneClassAndTheStepUsesItForComponentsAndWeights() {
    FirstFromMle proposal = new FirstFromMle();
    MgsConfig config = MgsConfig.builder().candidates(4).alpha(10).proposal(proposal).build();
    assertTrue(config.toString().contains("proposal="), config.toString());
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 6, TASK.eos(), 3);
        MgsStep step = new MgsStep(model, new MismatchLoss(), config, new SeedStream(9))) {
      StepDiagnostics d = step.run(TASK.batches(1, 6, 3).get(0), 0);
      assertArrayEquals(new boolean[] {true, false, false, false}, d.fromMle());
      assertEquals(4, proposal.logDensities.size(), "log q of every candidate, from the proposal");
      assertArrayEquals(proposal.logDensities.stream().mapToDouble(Double::doubleValue).toArray(), d.logProposal());
      ImportanceWeights w = ImportanceWeights.compute(d.baseLoss(), d.candidateLosses(), d.logProposal(), 10);
      assertArrayEquals(w.normalised(), d.weights(), 1e-15);
    }
  }

  @Test
  void theDefaultProposalIsThePapersMixture() {
    Proposal proposal = MgsConfig.builder().build().proposal();
    assertEquals(new MixtureProposal(ComponentAssignment.ALTERNATING, 0.5, ProposalDensity.AUTHORS), proposal);
    assertArrayEquals(new boolean[] {true, false, true}, proposal.components(3, new SplittableRandom(1)));
    assertEquals(1.0, new MixtureProposal(ComponentAssignment.ZERO_ONLY, 0.3, ProposalDensity.EXACT)
        .effectiveZeroComponentWeight());
  }
}
