package io.github.mgs4j.core.decode;

import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;

/**
 * The maximum decode length of a batch: {@code min(cap, ceil(ratio × longest target))}, at least 1. The
 * paper decodes up to 1.3× the longest target during training.
 *
 * @param ratio the multiple of the longest target, &gt; 0
 * @param cap the absolute maximum number of new tokens, ≥ 1
 */
public record DecodeLength(double ratio, int cap) {

  /** The paper's rule: 1.3 × the longest target, capped at 1000 tokens as in the authors' code. */
  public static final DecodeLength PAPER = new DecodeLength(1.3, 1000);

  /** Validates the rule. */
  public DecodeLength {
    if (!(ratio > 0) || !Double.isFinite(ratio)) {
      throw new IllegalArgumentException("decode length ratio must be > 0, got " + ratio);
    }
    if (cap < 1) {
      throw new IllegalArgumentException("decode length cap must be >= 1, got " + cap);
    }
  }

  /**
   * Checks, before any work, that decoding the batch under this rule stays within the model's maximum
   * sequence length.
   *
   * @param model the model
   * @param batch the batch
   * @param batchName how to name the batch in the error
   * @throws IllegalArgumentException naming the batch and the first row that would not fit
   */
  public void requireFits(SequenceModel model, Batch batch, String batchName) {
    int maxNew = maxNewTokens(batch);
    for (int i = 0; i < batch.size(); i++) {
      int context = batch.context(i).length;
      // The last new token is chosen but never fed back.
      if ((long) context + maxNew - 1 > model.maxSequenceLength()) {
        throw new IllegalArgumentException(
            "row " + i + " of " + batchName + ": decoding up to " + maxNew + " new tokens after a context of "
                + context + " exceeds the model's maximum sequence length of " + model.maxSequenceLength()
                + "; lower the decode length cap (" + this + ")");
      }
    }
  }

  /** The maximum number of new tokens for the batch. */
  public int maxNewTokens(Batch batch) {
    long n = (long) Math.ceil(ratio * batch.longestTarget() - 1e-9);
    return (int) Math.max(1, Math.min(cap, n));
  }
}
