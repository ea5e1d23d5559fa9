package io.github.mgs4j.core.execution;

import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.runtime.ParameterVector;
import io.github.mgs4j.core.search.Candidate;
import io.github.mgs4j.core.search.CandidateEvaluator;
import io.github.mgs4j.core.search.CandidateSearch;
import io.github.mgs4j.core.search.CandidateStatistics;
import io.github.mgs4j.core.search.EvaluatedCandidate;
import java.util.List;

/**
 * Evaluates the candidates one after the other on the model itself: θ is copied into a snapshot (one
 * parameter-sized buffer, whatever K is, held only while the candidates are evaluated), each candidate is
 * drawn into the live parameters, decoded and scored there, and θ comes back from the snapshot bit for bit.
 */
final class InPlaceEvaluator implements CandidateEvaluator {
  private final SequenceModel model;

  InPlaceEvaluator(SequenceModel model) {
    this.model = model;
  }

  @Override
  public void evaluate(CandidateSearch search, List<Candidate> candidates, Sink sink) {
    ParameterVector live = search.theta();
    try (ParameterVector snapshot = ParameterVector.zerosLike(live, live.manager())) {
      search.arithmetic().copy(snapshot, live);
      try {
        for (Candidate candidate : candidates) {
          CandidateStatistics statistics = search.perturb(live, candidate);
          CandidateSearch.Score score = search.score(model, live);
          sink.accept(
              new EvaluatedCandidate(candidate, statistics, score.loss(), score.decodedTokens()),
              new Held(live, snapshot));
        }
      } catch (RuntimeException | Error e) {
        search.arithmetic().copy(live, snapshot);
        throw e;
      }
    }
  }
}
