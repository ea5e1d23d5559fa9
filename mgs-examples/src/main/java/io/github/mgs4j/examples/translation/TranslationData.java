package io.github.mgs4j.examples.translation;

import io.github.mgs4j.core.model.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A corpus encoded for a model: source and target ids, each ending with {@code </s>}; pairs longer than the
 * model allows are dropped. Batches group pairs of similar length (sorted by target then source length, then cut
 * into batches of at most {@code rows} pairs and {@code tokens} source plus target tokens), so padding stays
 * small; the trainer visits them in a seeded order.
 */
public final class TranslationData {
  private final List<int[]> sources;
  private final List<int[]> targets;
  private final List<ParallelCorpus.Pair> pairs;

  private TranslationData(List<int[]> sources, List<int[]> targets, List<ParallelCorpus.Pair> pairs) {
    this.sources = sources;
    this.targets = targets;
    this.pairs = pairs;
  }

  /**
   * Encodes a corpus.
   *
   * @param corpus the pairs
   * @param tokenizer the model's tokenizer
   * @param maxLength the longest source or target kept, in tokens ({@code </s>} included)
   * @return the encoded pairs, in corpus order
   */
  public static TranslationData encode(ParallelCorpus corpus, TranslationTokenizer tokenizer, int maxLength) {
    List<int[]> s = new ArrayList<>();
    List<int[]> t = new ArrayList<>();
    List<ParallelCorpus.Pair> kept = new ArrayList<>();
    for (ParallelCorpus.Pair pair : corpus.pairs()) {
      int[] source = tokenizer.encode(pair.source());
      int[] target = tokenizer.encode(pair.target());
      if (source.length <= maxLength && target.length <= maxLength) {
        s.add(source);
        t.add(target);
        kept.add(pair);
      }
    }
    return new TranslationData(s, t, kept);
  }

  /** The number of pairs. */
  public int size() {
    return sources.size();
  }

  /** The pairs kept, in corpus order. */
  public List<ParallelCorpus.Pair> pairs() {
    return pairs;
  }

  /** The source ids of every pair (copies). */
  public int[][] sources() {
    return sources.stream().map(int[]::clone).toArray(int[][]::new);
  }

  /** The target ids of every pair (copies). */
  public int[][] targets() {
    return targets.stream().map(int[]::clone).toArray(int[][]::new);
  }

  /** The first {@code n} pairs. */
  public TranslationData first(int n) {
    int k = Math.min(n, size());
    return new TranslationData(sources.subList(0, k), targets.subList(0, k), pairs.subList(0, k));
  }

  /**
   * Length-grouped batches.
   *
   * @param rows the most pairs per batch
   * @param tokens the most source plus target tokens per batch (padding included)
   * @return the batches, shortest first
   */
  public List<Batch> lengthBatches(int rows, int tokens) {
    Integer[] order = new Integer[size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingInt(i -> targets.get(i).length)
        .thenComparingInt(i -> sources.get(i).length).thenComparingInt(i -> i));
    List<Batch> batches = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    int sourceWidth = 0;
    int targetWidth = 0;
    for (int i : order) {
      int s = Math.max(sourceWidth, sources.get(i).length);
      int t = Math.max(targetWidth, targets.get(i).length);
      if (!current.isEmpty() && (current.size() == rows || (long) (current.size() + 1) * (s + t) > tokens)) {
        batches.add(batch(current));
        current.clear();
        s = sources.get(i).length;
        t = targets.get(i).length;
      }
      current.add(i);
      sourceWidth = s;
      targetWidth = t;
    }
    if (!current.isEmpty()) {
      batches.add(batch(current));
    }
    return batches;
  }

  private Batch batch(List<Integer> indices) {
    int[][] s = new int[indices.size()][];
    int[][] t = new int[indices.size()][];
    for (int k = 0; k < indices.size(); k++) {
      s[k] = sources.get(indices.get(k));
      t[k] = targets.get(indices.get(k));
    }
    return new Batch(s, t);
  }
}
