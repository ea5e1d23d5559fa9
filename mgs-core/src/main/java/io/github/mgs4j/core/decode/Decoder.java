package io.github.mgs4j.core.decode;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.SequenceModel;

/**
 * A decoding algorithm F(θ, X, ε): maps a model and contexts to continuations. Decoders are deterministic
 * given their configuration (sampling decoders take a fixed seed), which MGS relies on to compare θ with
 * θ + Δ.
 */
public interface Decoder {

  /**
   * Decodes a continuation for every context.
   *
   * @param model the model (in whatever parameter state it is now)
   * @param contexts one non-empty context per row
   * @param maxNewTokens the maximum number of generated tokens per row, at least 1
   * @param manager the scope for every intermediate array
   * @return the continuations, cut after the first EOS
   */
  DecodedBatch decode(SequenceModel model, int[][] contexts, int maxNewTokens, NDManager manager);
}
