package io.github.mgs4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.FlatArrays;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Micro-batched MLE gradients equal the whole batch's token-mean gradient. */
class MleGradientTest {
  private static final int VOCABULARY = 11;
  private static final int EOS = 10;
  // Target lengths 1..5, so an unweighted mean of the parts' losses would be wrong.
  private static final Batch BATCH = new Batch(
      new int[][] {{1}, {2, 3}, {4}, {5, 6, 7}, {8}},
      new int[][] {{EOS}, {3, EOS}, {9, 1, EOS}, {2, 2, 4, EOS}, {7, 6, 5, 4, EOS}});

  private record Result(double loss, float[] gradient) {}

  private static Result gradient(BigramModel model, int rows) {
    TrainableParameters p = TrainableParameters.of(model);
    try (NDManager scope = p.manager().newSubManager()) {
      double loss = MleGradient.compute(model, p, BATCH, false, scope, rows);
      List<NDArray> gradients = new ArrayList<>();
      for (int w = 0; w < p.count(); w++) {
        NDArray g = p.gradient(w);
        g.attach(scope);
        gradients.add(g);
      }
      return new Result(loss, FlatArrays.concat(gradients));
    }
  }

  @Test
  void microBatchesGiveTheWholeBatchGradient() {
    try (BigramModel model = new BigramModel(VOCABULARY, 5, EOS, 3)) {
      // Sharpen the random model so that rows differ in loss (a near-uniform model scores every token alike).
      model.parameters().get("embedding").getArray().muli(40f);
      Result whole = gradient(model, 0);
      double unweightedMeanOfPairs = 0;
      for (int rows : new int[] {1, 2, 3, 5, 7}) {
        Result parts = gradient(model, rows);
        assertEquals(whole.loss(), parts.loss(), 1e-6 * whole.loss(), "loss, rows " + rows);
        for (int i = 0; i < whole.gradient().length; i++) {
          assertEquals(whole.gradient()[i], parts.gradient()[i], 1e-6 + 1e-5 * Math.abs(whole.gradient()[i]),
              "gradient " + i + ", rows " + rows);
        }
      }
      // The weighting matters: the plain mean of the per-part means differs from the token mean.
      TrainableParameters p = TrainableParameters.of(model);
      for (int from = 0; from < BATCH.size(); from += 2) {
        try (NDManager scope = p.manager().newSubManager()) {
          unweightedMeanOfPairs += MleGradient.compute(
              model, p, BATCH.slice(from, Math.min(BATCH.size(), from + 2)), false, scope) / 3;
        }
      }
      assertTrue(Math.abs(unweightedMeanOfPairs - whole.loss()) > 1e-3,
          "the test batch must tell weighted from unweighted: " + unweightedMeanOfPairs + " vs " + whole.loss());
    }
  }

  @Test
  void negativeRowsAreRefused() {
    try (BigramModel model = new BigramModel(VOCABULARY, 5, EOS, 3);
        NDManager scope = NDManager.newBaseManager()) {
      TrainableParameters p = TrainableParameters.of(model);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> MleGradient.compute(model, p, BATCH, false, scope, -1));
      assertTrue(e.getMessage().contains("microBatchRows"), e.getMessage());
    }
  }
}
