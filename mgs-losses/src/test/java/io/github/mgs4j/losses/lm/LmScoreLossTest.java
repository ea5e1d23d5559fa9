package io.github.mgs4j.losses.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.testing.BigramModel;
import org.junit.jupiter.api.Test;

class LmScoreLossTest {

  @Test
  void isMinusTheScorersLogProbabilityUpToAndIncludingEos() {
    try (BigramModel scorer = new BigramModel(6, 4, 5, 3);
        NDManager manager = NDManager.newBaseManager()) {
      Batch batch = new Batch(new int[][] {{1, 2}, {3}}, new int[][] {{3, 5}, {4, 5}});
      DecodedBatch decoded = new DecodedBatch(new int[][] {{3, 5, 1, 1}, {4, 4}}, new boolean[] {true, false});
      double[] losses = new LmScoreLoss(scorer).perSequence(batch, decoded);
      double[] expected = scorer.continuationLogProbability(
          manager, new int[][] {{1, 2}, {3}}, new int[][] {{3, 5}, {4, 4}});
      assertEquals(-expected[0], losses[0], 1e-9, "cut after EOS, EOS included");
      assertEquals(-expected[1], losses[1], 1e-9);
      double[] empty = new LmScoreLoss(scorer).perSequence(
          new Batch(new int[][] {{1}}, new int[][] {{5}}), new DecodedBatch(new int[][] {{}}, new boolean[] {false}));
      assertEquals(0.0, empty[0]);
    }
  }
}
