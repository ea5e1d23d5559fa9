package io.github.mgs4j.core.execution;

import io.github.mgs4j.core.runtime.ParameterVector;
import io.github.mgs4j.core.search.Candidate;
import io.github.mgs4j.core.search.CandidateEvaluator;
import io.github.mgs4j.core.search.CandidateSearch;
import java.util.List;

/**
 * {@link DirectionStorage#REGENERATED}: holds nothing while the candidates are evaluated; the update is drawn
 * again from the seeds into ∇L's storage once the weights are known ({@link CandidateSearch#regenerate}).
 */
final class RegeneratedDirection implements UpdateDirection {
  private final CandidateSearch search;
  private final List<Candidate> candidates;

  RegeneratedDirection(CandidateSearch search, List<Candidate> candidates) {
    this.search = search;
    this.candidates = candidates;
  }

  @Override
  public void add(int candidate, double logWeight, CandidateEvaluator.Held held) {
    if (held != null) {
      search.arithmetic().copy(held.perturbed(), held.theta());
    }
  }

  @Override
  public ParameterVector negated(double[] normalised) {
    return search.regenerate(candidates, normalised);
  }

  @Override
  public void close() {}
}
