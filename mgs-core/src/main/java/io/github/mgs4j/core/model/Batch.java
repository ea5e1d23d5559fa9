package io.github.mgs4j.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One training or evaluation batch of (context, target) token-id pairs.
 *
 * <p>For text completion the context is the prefix (the paper uses 10 tokens) and the target is the
 * human continuation ending with EOS; for translation the context is the source sentence. The arrays are
 * defensively copied, so a {@code Batch} is immutable.
 */
public final class Batch {
  private final int[][] contexts;
  private final int[][] targets;

  /**
   * Creates a batch.
   *
   * @param contexts one non-empty context per example
   * @param targets one non-empty target per example, same count as {@code contexts}
   * @throws IllegalArgumentException if the batch is empty, the counts differ, or a row is empty
   */
  public Batch(int[][] contexts, int[][] targets) {
    Objects.requireNonNull(contexts, "contexts");
    Objects.requireNonNull(targets, "targets");
    if (contexts.length == 0) {
      throw new IllegalArgumentException("empty batch: a batch needs at least one example");
    }
    if (contexts.length != targets.length) {
      throw new IllegalArgumentException(
          "mismatched batch: " + contexts.length + " contexts but " + targets.length + " targets");
    }
    this.contexts = new int[contexts.length][];
    this.targets = new int[targets.length][];
    for (int i = 0; i < contexts.length; i++) {
      if (contexts[i] == null || contexts[i].length == 0) {
        throw new IllegalArgumentException("empty context in example " + i);
      }
      if (targets[i] == null || targets[i].length == 0) {
        throw new IllegalArgumentException("empty target in example " + i);
      }
      this.contexts[i] = contexts[i].clone();
      this.targets[i] = targets[i].clone();
    }
  }

  /** Number of examples. */
  public int size() {
    return contexts.length;
  }

  /** A copy of context {@code i}. */
  public int[] context(int i) {
    return contexts[i].clone();
  }

  /** A copy of target {@code i}. */
  public int[] target(int i) {
    return targets[i].clone();
  }

  /** Copies of all contexts. */
  public int[][] contexts() {
    return deepCopy(contexts);
  }

  /** Copies of all targets. */
  public int[][] targets() {
    return deepCopy(targets);
  }

  /** Length of the longest target in the batch. */
  public int longestTarget() {
    int max = 0;
    for (int[] t : targets) {
      max = Math.max(max, t.length);
    }
    return max;
  }

  /** Total number of target tokens. */
  public int targetTokenCount() {
    int n = 0;
    for (int[] t : targets) {
      n += t.length;
    }
    return n;
  }

  /**
   * Checks, before any work, that the model can process every example: every context id is in its context
   * vocabulary, every target id in its vocabulary, and every context with its target fits its maximum sequence
   * length.
   *
   * @param model the model
   * @param batchName how to name this batch in the error (e.g. {@code "training batch 12"})
   * @throws IllegalArgumentException naming the batch, the row (and the position and id of the first
   *     out-of-vocabulary token)
   */
  public void requireCompatibleWith(SequenceModel model, String batchName) {
    int vocabularySize = model.vocabularySize();
    int contextVocabularySize = model.contextVocabularySize();
    int maxLength = model.maxSequenceLength();
    for (int i = 0; i < contexts.length; i++) {
      requireIdsBelow(contexts[i], contextVocabularySize, "context", batchName, i);
      requireIdsBelow(targets[i], vocabularySize, "target", batchName, i);
      // The last target token is predicted but never fed, so scoring occupies context + target − 1.
      if ((long) contexts[i].length + targets[i].length - 1 > maxLength) {
        throw new IllegalArgumentException(
            "row " + i + " of " + batchName + ": a context of " + contexts[i].length + " tokens and a target of "
                + targets[i].length + " exceed the model's maximum sequence length of " + maxLength);
      }
    }
  }

  private static void requireIdsBelow(int[] ids, int vocabularySize, String part, String batchName, int row) {
    for (int p = 0; p < ids.length; p++) {
      if (ids[p] < 0 || ids[p] >= vocabularySize) {
        throw new IllegalArgumentException(
            part + " token id " + ids[p] + " at row " + row + ", position " + p + " of " + batchName
                + " is outside the model's vocabulary [0, " + vocabularySize + ")");
      }
    }
  }

  /** The examples {@code from} (inclusive) to {@code to} (exclusive) as a new batch. */
  public Batch slice(int from, int to) {
    return new Batch(Arrays.copyOfRange(contexts, from, to), Arrays.copyOfRange(targets, from, to));
  }

  private static int[][] deepCopy(int[][] rows) {
    int[][] copy = new int[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = rows[i].clone();
    }
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Batch b
        && Arrays.deepEquals(contexts, b.contexts)
        && Arrays.deepEquals(targets, b.targets);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(contexts) + Arrays.deepHashCode(targets);
  }
}
