package io.github.mgs4j.examples.experiment;

import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.examples.data.TextCompletionDataset;
import io.github.mgs4j.examples.data.TextCompletionExample;
import io.github.mgs4j.examples.data.TextTokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The training set of the JUnit experiments: the first 16 bundled training passages of at most 50 target tokens. */
final class ShortPassages {
  private ShortPassages() {}

  /** Two batches of eight. */
  static List<Batch> batches(TextTokenizer tokenizer) throws IOException {
    List<TextCompletionExample> shortOnes = new ArrayList<>();
    for (TextCompletionExample e : TextCompletionDataset.bundled(TextCompletionDataset.Split.TRAIN, tokenizer)
        .examples()) {
      if (e.target().length <= 50 && shortOnes.size() < 16) {
        shortOnes.add(e);
      }
    }
    List<Batch> batches = new ArrayList<>();
    for (int b = 0; b < 2; b++) {
      int[][] contexts = new int[8][];
      int[][] targets = new int[8][];
      for (int i = 0; i < 8; i++) {
        contexts[i] = shortOnes.get(8 * b + i).context();
        targets[i] = shortOnes.get(8 * b + i).target();
      }
      batches.add(new Batch(contexts, targets));
    }
    return batches;
  }
}
