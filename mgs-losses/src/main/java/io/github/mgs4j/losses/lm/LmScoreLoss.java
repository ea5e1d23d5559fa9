package io.github.mgs4j.losses.lm;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.losses.edit.EditDistanceLoss;
import java.util.Objects;

/**
 * The LM-score task loss {@code c_LM(Ŷ) = −Σ_t log p_score(ŷ_t | x, ŷ_<t)} under a frozen scoring model
 * (in the paper, a copy of the MLE model MGS starts from), summed over the decoded continuation up to and
 * including its first EOS, not length-normalised. The whole batch is scored in one batched call. An empty
 * continuation scores 0 (the log-probability of nothing); decoders always produce at least one token.
 *
 * <p>The scoring model must not be trained; calls are serialised, so the loss is thread-safe.
 */
public final class LmScoreLoss implements TaskLoss {
  private final SequenceModel scorer;

  /**
   * Creates the loss.
   *
   * @param scorer the frozen scoring model
   */
  public LmScoreLoss(SequenceModel scorer) {
    this.scorer = Objects.requireNonNull(scorer, "scorer");
  }

  @Override
  public String name() {
    return "lm";
  }

  @Override
  public synchronized double[] perSequence(Batch batch, DecodedBatch decoded) {
    int n = batch.size();
    double[] out = new double[n];
    int[] rows = new int[n];
    int scored = 0;
    int[][] contexts = new int[n][];
    int[][] continuations = new int[n][];
    for (int i = 0; i < n; i++) {
      int[] c = EditDistanceLoss.cutAfterEos(decoded.tokens(i), scorer.eosId());
      if (c.length > 0) {
        contexts[scored] = batch.context(i);
        continuations[scored] = c;
        rows[scored++] = i;
      }
    }
    if (scored == 0) {
      return out;
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      double[] logp = scorer.continuationLogProbability(
          manager, java.util.Arrays.copyOf(contexts, scored), java.util.Arrays.copyOf(continuations, scored));
      for (int k = 0; k < scored; k++) {
        out[rows[k]] = -logp[k];
      }
    }
    return out;
  }
}
