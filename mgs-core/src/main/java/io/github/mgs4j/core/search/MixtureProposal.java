package io.github.mgs4j.core.search;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The paper's proposal, {@code q = π·N(0, σ²I) + (1−π)·N(−∇L, σ²I)}: components assigned by
 * {@code assignment}, log q evaluated by {@code density}.
 *
 * @param assignment how the candidates are assigned to the two components
 * @param zeroComponentWeight π, the weight of the zero-centred component
 * @param density how log q enters the weights
 */
public record MixtureProposal(ComponentAssignment assignment, double zeroComponentWeight, ProposalDensity density)
    implements Proposal {

  /** Checks the fields. */
  public MixtureProposal {
    Objects.requireNonNull(assignment, "assignment");
    Objects.requireNonNull(density, "density");
  }

  @Override
  public boolean[] components(int k, SplittableRandom random) {
    return assignment.assign(k, zeroComponentWeight, random);
  }

  @Override
  public double logDensity(CandidateStatistics statistics) {
    return density.logDensity(statistics, effectiveZeroComponentWeight());
  }

  /**
   * π as the density sees it: 1 for {@link ComponentAssignment#ZERO_ONLY}, 0 for
   * {@link ComponentAssignment#MLE_ONLY}, otherwise {@link #zeroComponentWeight()}.
   */
  public double effectiveZeroComponentWeight() {
    return switch (assignment) {
      case ZERO_ONLY -> 1.0;
      case MLE_ONLY -> 0.0;
      default -> zeroComponentWeight;
    };
  }
}
