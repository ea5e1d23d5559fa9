package io.github.mgs4j.core.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.DecodingSession;
import io.github.mgs4j.core.model.SequenceModel;

/**
 * Greedy decoding (argmax at every step), MGS's training-time decoder. Rows that produce EOS are dropped
 * from the session, and decoding stops as soon as every row has finished.
 */
public final class GreedyDecoder implements Decoder {

  @Override
  public DecodedBatch decode(SequenceModel model, int[][] contexts, int maxNewTokens, NDManager manager) {
    DecoderInputs.validate(model, contexts, maxNewTokens);
    ContinuationBuffer buffer = new ContinuationBuffer(contexts.length, maxNewTokens, model.eosId());
    try (NDManager scope = manager.newSubManager();
        DecodingSession session = DecoderInputs.start(model, scope, contexts)) {
      for (int step = 0; step < maxNewTokens; step++) {
        long[] next;
        try (NDArray best = session.nextLogits().argMax(1)) {
          next = best.toLongArray();
        }
        int[] keep = buffer.append(next);
        if (buffer.liveCount() == 0 || step == maxNewTokens - 1) {
          break;
        }
        if (keep != null) {
          next = select(next, keep);
          try (NDArray rows = scope.create(toLong(keep))) {
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

  static long[] select(long[] values, int[] keep) {
    long[] out = new long[keep.length];
    for (int i = 0; i < keep.length; i++) {
      out[i] = values[keep[i]];
    }
    return out;
  }

  static long[] toLong(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  @Override
  public String toString() {
    return "greedy";
  }
}
