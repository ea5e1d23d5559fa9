package io.github.mgs4j.examples.experiment;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.losses.edit.EditDistanceLoss;
import io.github.mgs4j.losses.lm.LmScoreLoss;
import io.github.mgs4j.losses.metrics.TextMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Computes Table 1 rows: greedy-decode every test context (at most {@code maxNewTokens}), then score the
 * continuations with the LM score under the frozen scoring model, the edit distance to the human
 * continuation, non-termination, repetition-4, length, and the model's perplexity on the human continuations.
 */
public final class CompletionEvaluator {
  private final List<Batch> batches;
  private final SequenceModel scorer;
  private final int maxNewTokens;

  /**
   * Creates the evaluator.
   *
   * @param batches the test batches
   * @param scorer the frozen scoring model of the LM score (the MLE model)
   * @param maxNewTokens the decode limit; a continuation without EOS within it is non-terminated
   */
  public CompletionEvaluator(List<Batch> batches, SequenceModel scorer, int maxNewTokens) {
    this.batches = List.copyOf(batches);
    this.scorer = scorer;
    this.maxNewTokens = maxNewTokens;
  }

  /** The number of batches (for progress reporting). */
  public int batchCount() {
    return batches.size();
  }

  /**
   * Evaluates a model's greedy continuations.
   *
   * @param name the row name
   * @param model the model
   * @param progress called once per finished batch
   */
  public CompletionMetrics evaluate(String name, SequenceModel model, IntConsumer progress) {
    List<int[]> continuations = new ArrayList<>();
    List<Batch> used = new ArrayList<>();
    double logProbability = 0;
    long tokens = 0;
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int b = 0; b < batches.size(); b++) {
        Batch batch = batches.get(b);
        try (NDManager scope = manager.newSubManager()) {
          DecodedBatch decoded = new GreedyDecoder().decode(model, batch.contexts(), maxNewTokens, scope);
          for (int i = 0; i < decoded.size(); i++) {
            continuations.add(decoded.tokens(i));
          }
          used.add(batch);
          double[] lp = model.continuationLogProbability(scope, batch.contexts(), batch.targets());
          for (double v : lp) {
            logProbability += v;
          }
          tokens += batch.targetTokenCount();
        }
        progress.accept(b);
      }
    }
    return summarise(name, used, continuations, TextMetrics.perplexity(logProbability, tokens));
  }

  /** The Human row: the reference continuations themselves. */
  public CompletionMetrics human() {
    List<int[]> continuations = new ArrayList<>();
    for (Batch batch : batches) {
      for (int i = 0; i < batch.size(); i++) {
        continuations.add(batch.target(i));
      }
    }
    return summarise("Human", batches, continuations, Double.NaN);
  }

  private CompletionMetrics summarise(String name, List<Batch> used, List<int[]> continuations, double perplexity) {
    int eos = scorer.eosId();
    EditDistanceLoss edit = new EditDistanceLoss(eos, true);
    LmScoreLoss lm = new LmScoreLoss(scorer);
    double lmSum = 0;
    double editSum = 0;
    double nonterm = 0;
    double repetition = 0;
    double length = 0;
    int at = 0;
    for (Batch batch : used) {
      int[][] rows = new int[batch.size()][];
      boolean[] terminated = new boolean[batch.size()];
      for (int i = 0; i < batch.size(); i++) {
        rows[i] = continuations.get(at + i);
        terminated[i] = TextMetrics.nonTermination(rows[i], eos) == 0;
      }
      DecodedBatch decoded = new DecodedBatch(rows, terminated);
      for (double v : lm.perSequence(batch, decoded)) {
        lmSum += v;
      }
      for (int i = 0; i < batch.size(); i++) {
        int[] cut = EditDistanceLoss.cutAfterEos(rows[i], eos);
        editSum += edit.loss(rows[i], batch.target(i));
        nonterm += terminated[i] ? 0 : 1;
        repetition += TextMetrics.repetition(cut, 4);
        length += cut.length;
      }
      at += batch.size();
    }
    double n = continuations.size();
    return new CompletionMetrics(name, lmSum / n, editSum / n, nonterm / n, repetition / n, length / n, perplexity);
  }
}
