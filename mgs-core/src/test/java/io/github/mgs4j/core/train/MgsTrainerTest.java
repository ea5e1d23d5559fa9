package io.github.mgs4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.search.StepDiagnostics;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MgsTrainerTest {
  private static final CountingTask TASK = new CountingTask(10);

  static BigramModel mleStart(long seed, int mleSteps) throws Exception {
    BigramModel model = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), seed);
    MleTrainer.builder(model)
        .optimizer(OptimizerConfig.builder().learningRate(0.02f).weightDecay(0).build())
        .trainerConfig(TrainerConfig.builder().maxSteps(mleSteps).validateEvery(0).seed(seed).build())
        .build()
        .train(TASK.batches(8, 8, 1));
    return model;
  }

  static MgsConfig mgsConfig() {
    return MgsConfig.builder()
        .candidates(4)
        .alpha(10)
        .optimizer(OptimizerConfig.builder().learningRate(0.02f).weightDecay(0).build())
        .build();
  }

  @Test
  void mgsLowersTheValidationTaskLossFromItsMleStart() throws Exception {
    List<Batch> train = TASK.batches(8, 8, 1);
    List<Batch> valid = TASK.batches(2, 16, 99);
    try (BigramModel model = mleStart(3, 8)) {
      List<StepDiagnostics> steps = new ArrayList<>();
      TrainingResult result =
          MgsTrainer.builder(model, new MismatchLoss())
              .config(mgsConfig())
              .trainerConfig(
                  TrainerConfig.builder().maxSteps(60).validateEvery(20).patience(0).restoreBest(false).seed(5).build())
              .validation(valid)
              .listener(new TrainingListener<>() {
                @Override
                public void onStep(StepDiagnostics d) {
                  steps.add(d);
                }
              })
              .build()
              .train(train);
      List<Double> history = result.validationHistory();
      assertEquals(4, history.size(), "validated at start and after steps 20, 40, 60");
      double start = history.get(0);
      double end = history.get(history.size() - 1);
      System.out.printf("validation mismatch: start %.4f -> end %.4f (%s)%n", start, end, history);
      assertTrue(start > 0.05, "the MLE start must leave room to improve, got " + start);
      assertTrue(end < start * 0.7, "MGS should cut the validation task loss: " + history);
      assertEquals(60, steps.size());
      for (StepDiagnostics d : steps) {
        double sum = 0;
        for (double w : d.weights()) {
          sum += w;
        }
        assertEquals(1.0, sum, 1e-9);
        assertTrue(d.effectiveSampleSize() >= 1 - 1e-9 && d.effectiveSampleSize() <= 4 + 1e-9);
      }
    }
  }

  @Test
  void sameSeedGivesBitIdenticalParameters() throws Exception {
    float[] first = runMgs(11, 6);
    float[] second = runMgs(11, 6);
    assertArrayEquals(first, second);
    float[] other = runMgs(12, 6);
    assertTrue(!java.util.Arrays.equals(first, other), "another seed should give other parameters");
  }

  private static float[] runMgs(long seed, int steps) throws Exception {
    try (BigramModel model = mleStart(3, 5)) {
      MgsTrainer.builder(model, new MismatchLoss())
          .config(mgsConfig())
          .trainerConfig(TrainerConfig.builder().maxSteps(steps).validateEvery(0).seed(seed).build())
          .build()
          .train(TASK.batches(4, 8, 1));
      return model.flatParameters();
    }
  }
}
