package io.github.mgs4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import org.junit.jupiter.api.Test;

/** MLE training in micro-batches follows the whole-batch trajectory (same gradients up to summation order). */
class MleTrainerTest {
  private static final CountingTask TASK = new CountingTask(10);

  private static float[] train(int microBatchRows) throws Exception {
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 4)) {
      MleTrainer.builder(model)
          .optimizer(OptimizerConfig.builder().kind(OptimizerConfig.Kind.SGD).learningRate(0.5f).build())
          .microBatchRows(microBatchRows)
          .trainerConfig(TrainerConfig.builder().maxSteps(5).validateEvery(0).seed(2).build())
          .build()
          .train(TASK.batches(5, 8, 1));
      return model.flatParameters();
    }
  }

  @Test
  void microBatchesFollowTheWholeBatchTrajectory() throws Exception {
    float[] whole = train(0);
    float[] parts = train(3);
    float[] start;
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 4)) {
      start = model.flatParameters();
    }
    double moved = 0;
    for (int i = 0; i < whole.length; i++) {
      assertEquals(whole[i], parts[i], 1e-5, "parameter " + i);
      moved = Math.max(moved, Math.abs(whole[i] - start[i]));
    }
    assertTrue(moved > 1e-3, "training must move the parameters for the comparison to mean anything");
  }

  @Test
  void negativeMicroBatchRowsAreRefused() {
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 4)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> MleTrainer.builder(model).microBatchRows(-2).build());
      assertTrue(e.getMessage().contains("micro-batch"), e.getMessage());
    }
  }
}
