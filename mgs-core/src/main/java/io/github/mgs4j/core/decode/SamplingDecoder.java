package io.github.mgs4j.core.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.DecodingSession;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.rng.SeedStream;
import java.util.SplittableRandom;

/**
 * Ancestral sampling with a fixed seed: a deterministic decoder F(θ, X, ε) where ε is the seed. Each row has
 * its own random stream (derived from the seed and the row index), so the same row gets the same random
 * numbers whatever the batch composition and whether other rows have finished.
 */
public final class SamplingDecoder implements Decoder {
  private final long seed;
  private final double temperature;

  /**
   * Creates the decoder.
   *
   * @param seed the noise ε
   * @param temperature the softmax temperature, &gt; 0 (1 = the model's distribution)
   */
  public SamplingDecoder(long seed, double temperature) {
    if (!(temperature > 0) || !Double.isFinite(temperature)) {
      throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
    this.seed = seed;
    this.temperature = temperature;
  }

  @Override
  public DecodedBatch decode(SequenceModel model, int[][] contexts, int maxNewTokens, NDManager manager) {
    DecoderInputs.validate(model, contexts, maxNewTokens);
    SeedStream seeds = new SeedStream(seed);
    SplittableRandom[] randoms = new SplittableRandom[contexts.length];
    for (int i = 0; i < contexts.length; i++) {
      randoms[i] = seeds.random("row", i);
    }
    ContinuationBuffer buffer = new ContinuationBuffer(contexts.length, maxNewTokens, model.eosId());
    try (NDManager scope = manager.newSubManager();
        DecodingSession session = DecoderInputs.start(model, scope, contexts)) {
      for (int step = 0; step < maxNewTokens; step++) {
        float[] probs;
        int vocabulary;
        try (NDArray scaled = session.nextLogits().div((float) temperature);
            NDArray p = scaled.softmax(1)) {
          probs = p.toFloatArray();
          vocabulary = (int) p.getShape().get(1);
        }
        long[] next = new long[buffer.liveCount()];
        for (int r = 0; r < next.length; r++) {
          next[r] = sample(probs, r * vocabulary, vocabulary, randoms[buffer.originalRow(r)]);
        }
        int[] keep = buffer.append(next);
        if (buffer.liveCount() == 0 || step == maxNewTokens - 1) {
          break;
        }
        if (keep != null) {
          next = GreedyDecoder.select(next, keep);
          try (NDArray rows = scope.create(GreedyDecoder.toLong(keep))) {
            session.selectRows(rows);
          }
        }
        try (NDArray tokens = scope.create(next)) {
          session.append(tokens);
        }
      }
    }
    return buffer.result();
  }

  private static int sample(float[] probs, int offset, int vocabulary, SplittableRandom random) {
    double total = 0;
    for (int v = 0; v < vocabulary; v++) {
      total += probs[offset + v];
    }
    double u = random.nextDouble() * total;
    double cumulative = 0;
    int last = 0;
    for (int v = 0; v < vocabulary; v++) {
      float p = probs[offset + v];
      if (p > 0) {
        cumulative += p;
        last = v;
        if (u < cumulative) {
          return v;
        }
      }
    }
    return last;
  }

  @Override
  public String toString() {
    return "sampling(seed=" + seed + ",temperature=" + temperature + ")";
  }
}
