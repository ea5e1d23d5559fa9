package io.github.mgs4j.core.testing;

import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;

/**
 * The trivial task loss of the core tests: the fraction of positions (over the longer of hypothesis and
 * target) where they differ, so 0 for an exact match and 1 for nothing in common.
 */
public final class MismatchLoss implements TaskLoss {
  @Override
  public String name() {
    return "mismatch";
  }

  @Override
  public double[] perSequence(Batch batch, DecodedBatch decoded) {
    double[] out = new double[batch.size()];
    for (int i = 0; i < out.length; i++) {
      int[] y = batch.target(i);
      int[] h = decoded.tokens(i);
      int n = Math.max(y.length, h.length);
      int wrong = 0;
      for (int j = 0; j < n; j++) {
        if (j >= y.length || j >= h.length || y[j] != h[j]) {
          wrong++;
        }
      }
      out[i] = (double) wrong / n;
    }
    return out;
  }
}
