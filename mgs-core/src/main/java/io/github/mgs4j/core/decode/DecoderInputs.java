package io.github.mgs4j.core.decode;

import io.github.mgs4j.core.model.SequenceModel;
import java.util.Objects;

/** Shared validation of decoder arguments. */
final class DecoderInputs {
  private DecoderInputs() {}

  static void validate(SequenceModel model, int[][] contexts, int maxNewTokens) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(contexts, "contexts");
    if (contexts.length == 0) {
      throw new IllegalArgumentException("no contexts to decode");
    }
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
    }
    int vocabulary = model.vocabularySize();
    for (int i = 0; i < contexts.length; i++) {
      if (contexts[i] == null || contexts[i].length == 0) {
        throw new IllegalArgumentException("empty context in row " + i);
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
