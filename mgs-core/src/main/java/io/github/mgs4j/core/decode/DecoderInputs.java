package io.github.mgs4j.core.decode;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.DecodingSession;
import io.github.mgs4j.core.model.SequenceModel;
import java.util.Objects;

/** Shared validation of decoder arguments, and the start of a checked decoding session. */
final class DecoderInputs {
  private DecoderInputs() {}

  /**
   * Starts the model's decoding session, wrapped so that its logits are checked (shape and finiteness, see
   * {@link CheckedDecodingSession}).
   */
  static DecodingSession start(SequenceModel model, NDManager scope, int[][] contexts) {
    return new CheckedDecodingSession(
        model.startDecoding(scope, contexts), model.vocabularySize(), model.getClass().getSimpleName());
  }

  static void validate(SequenceModel model, int[][] contexts, int maxNewTokens) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(contexts, "contexts");
    if (contexts.length == 0) {
      throw new IllegalArgumentException("no contexts to decode");
    }
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
    }
    int vocabulary = model.contextVocabularySize();
    int maxLength = model.maxSequenceLength();
    for (int i = 0; i < contexts.length; i++) {
      if (contexts[i] == null || contexts[i].length == 0) {
        throw new IllegalArgumentException("empty context in row " + i);
      }
      // The last new token is chosen but never fed back, so a decode occupies context + maxNewTokens − 1.
      if ((long) contexts[i].length + maxNewTokens - 1 > maxLength) {
        throw new IllegalArgumentException(
            "row " + i + ": a context of " + contexts[i].length + " tokens plus " + maxNewTokens
                + " new tokens exceeds the model's maximum sequence length of " + maxLength
                + " (lower the number of new tokens or the decode length cap)");
      }
      for (int id : contexts[i]) {
        if (id < 0 || id >= vocabulary) {
          throw new IllegalArgumentException(
              "token id " + id + " in row " + i + " is outside the vocabulary [0, " + vocabulary + ")");
        }
      }
    }
  }
}
