package io.github.mgs4j.spark;

import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.search.Candidate;
import io.github.mgs4j.core.search.EvaluatedCandidate;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A step whose candidates were evaluated: enough to replay its update on a replica that missed it (the batch, the
 * candidates, and what the sink received: pooled losses, statistics, tokens), without decoding a candidate again.
 *
 * @param step the step index
 * @param contexts the batch's contexts
 * @param targets the batch's targets
 * @param seeds candidate k's noise seed
 * @param fromMle candidate k's component
 * @param losses C(θ + Δ_k)
 * @param tokens tokens decoded for candidate k
 * @param statistics candidate k's statistics
 */
record StepRecord(
    long step,
    int[][] contexts,
    int[][] targets,
    long[] seeds,
    boolean[] fromMle,
    double[] losses,
    long[] tokens,
    WireStatistics[] statistics)
    implements Serializable {

  static StepRecord of(long step, Batch batch, List<EvaluatedCandidate> evaluated) {
    int k = evaluated.size();
    long[] seeds = new long[k];
    boolean[] fromMle = new boolean[k];
    double[] losses = new double[k];
    long[] tokens = new long[k];
    WireStatistics[] statistics = new WireStatistics[k];
    for (EvaluatedCandidate e : evaluated) {
      int c = e.candidate().index();
      seeds[c] = e.candidate().seed();
      fromMle[c] = e.candidate().fromMle();
      losses[c] = e.loss();
      tokens[c] = e.decodedTokens();
      statistics[c] = WireStatistics.of(e.statistics());
    }
    return new StepRecord(step, batch.contexts(), batch.targets(), seeds, fromMle, losses, tokens, statistics);
  }

  Batch batch() {
    return new Batch(contexts, targets);
  }

  /** The candidates, in order. */
  List<Candidate> candidates() {
    return candidates(seeds, fromMle);
  }

  static List<Candidate> candidates(long[] seeds, boolean[] fromMle) {
    List<Candidate> list = new ArrayList<>(seeds.length);
    for (int c = 0; c < seeds.length; c++) {
      list.add(new Candidate(c, seeds[c], fromMle[c]));
    }
    return list;
  }
}
