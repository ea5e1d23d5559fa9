package io.github.mgs4j.examples.gpt2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.PairList;
import io.github.mgs4j.core.model.Batch;
import org.junit.jupiter.api.Test;

/** The MLE loss backpropagates to every parameter and Adam reduces it; dropout follows {@code training}. */
class Gpt2TrainingTest {
  private static final Batch BATCH =
      new Batch(new int[][] {{1, 2, 3}, {7}}, new int[][] {{4, 5, 96}, {8, 9, 10, 11, 96}});

  @Test
  void adamStepsReduceTheMleLoss() {
    try (Gpt2Model model = Gpt2Model.randomInit(Gpt2Config.of(97, 16, 32, 2, 4).withDropout(0), 11)) {
      PairList<String, Parameter> parameters = model.parameters();
      assertEquals(4 + 12 * 2, parameters.size());
      assertEquals("wte.weight", parameters.keyAt(0));
      assertEquals("h.0.attn.c_attn.weight", parameters.keyAt(4));
      assertEquals("ln_f.bias", parameters.keyAt(parameters.size() - 1));
      Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
      float first = Float.NaN;
      float last = Float.NaN;
      for (int step = 0; step < 10; step++) {
        try (NDManager m = NDManager.newBaseManager();
            GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          collector.zeroGradients();
          NDArray loss = model.mleLoss(m, BATCH, true);
          collector.backward(loss);
          last = loss.getFloat();
          if (step == 0) {
            first = last;
            for (Parameter p : parameters.values()) {
              float gradNorm = p.getArray().getGradient().abs().sum().getFloat();
              assertTrue(gradNorm > 0, "no gradient reaches " + p.getName());
            }
          }
          for (Parameter p : parameters.values()) {
            adam.update(p.getId(), p.getArray(), p.getArray().getGradient());
          }
        }
      }
      assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
    }
  }

  @Test
  void dropoutOnlyWhenTraining() {
    try (Gpt2Model model = Gpt2Model.randomInit(Gpt2Config.of(97, 16, 32, 2, 4), 5);
        NDManager m = NDManager.newBaseManager()) {
      float eval1 = model.mleLoss(m, BATCH, false).getFloat();
      float eval2 = model.mleLoss(m, BATCH, false).getFloat();
      assertEquals(eval1, eval2);
      float train1 = model.mleLoss(m, BATCH, true).getFloat();
      float train2 = model.mleLoss(m, BATCH, true).getFloat();
      assertNotEquals(train1, train2);
      double[] scores = model.continuationLogProbability(m, BATCH.contexts(), BATCH.targets());
      double mean = -(scores[0] + scores[1]) / BATCH.targetTokenCount();
      float continuation = model.mleTokens(Gpt2Model.MleTokens.CONTINUATION).mleLoss(m, BATCH, false).getFloat();
      assertEquals(continuation, mean, 1e-5);
    }
  }
}
