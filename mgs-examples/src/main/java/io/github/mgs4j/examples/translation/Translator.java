package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.decode.Decoder;
import io.github.mgs4j.core.model.SequenceModel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.IntConsumer;

/**
 * Translates many sources with a decoder, in batches of similar source length (restored to input order), each
 * batch decoding at most {@code ratio × longest source + extra} tokens (sources are known at test time;
 * targets are not). The default, 1.5 × source + 10, never cuts a reference of the bundled corpus.
 *
 * @param decoder greedy or beam search
 * @param batchRows sources per batch
 * @param ratio the length budget per source token
 * @param extra the length budget's constant
 * @param cap the most new tokens ever (the model's positions)
 */
public record Translator(Decoder decoder, int batchRows, double ratio, int extra, int cap) {

  /** A translator with the default length budget. */
  public static Translator of(Decoder decoder, int batchRows, int cap) {
    return new Translator(decoder, batchRows, 1.5, 10, cap);
  }

  /**
   * Translates.
   *
   * @param model the model
   * @param sources source ids (with EOS)
   * @param progress called with the number of sources finished after each batch (may be null)
   * @return one translation per source, in order, cut after EOS
   */
  public int[][] translate(SequenceModel model, int[][] sources, IntConsumer progress) {
    Integer[] order = new Integer[sources.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingInt(i -> sources[i].length).thenComparingInt(i -> i));
    int[][] out = new int[sources.length][];
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int from = 0; from < order.length; from += batchRows) {
        int to = Math.min(order.length, from + batchRows);
        int[][] batch = new int[to - from][];
        int longest = 0;
        for (int k = from; k < to; k++) {
          batch[k - from] = sources[order[k]];
          longest = Math.max(longest, sources[order[k]].length);
        }
        int budget = (int) Math.min(cap, Math.ceil(ratio * longest + extra));
        try (NDManager scope = manager.newSubManager()) {
          DecodedBatch decoded = decoder.decode(model, batch, budget, scope);
          for (int k = from; k < to; k++) {
            out[order[k]] = decoded.tokens(k - from);
          }
        }
        if (progress != null) {
          progress.accept(to);
        }
      }
    }
    return out;
  }
}
