package io.github.mgs4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void warmUpThenCosineOrLinearDecayToTheFloor() {
    LearningRateSchedule cosine = LearningRateSchedule.cosine(10, 110, 0.1);
    assertEquals(0.1, cosine.factor(1), 1e-12);
    assertEquals(0.5, cosine.factor(5), 1e-12);
    assertEquals(1.0, cosine.factor(10), 1e-12);
    // Half-way through the decay: cos(π/2) = 0, so the mean of 1 and the floor.
    assertEquals(0.55, cosine.factor(60), 1e-12);
    assertEquals(0.1, cosine.factor(110), 1e-12);
    assertEquals(0.1, cosine.factor(500), 1e-12);
    LearningRateSchedule linear = LearningRateSchedule.linear(0, 100, 0);
    assertEquals(0.99, linear.factor(1), 1e-12);
    assertEquals(0.5, linear.factor(50), 1e-12);
    assertEquals(0.0, linear.factor(100), 1e-12);
    assertEquals(1.0, LearningRateSchedule.constant().factor(12345), 0);
    assertEquals(0.25, new LearningRateSchedule(LearningRateSchedule.Shape.CONSTANT, 4, 0, 1).factor(1), 0);
    for (long t = 11; t < 110; t++) {
      assertTrue(cosine.factor(t + 1) <= cosine.factor(t), "monotone decay at " + t);
    }
  }

  @Test
  void invalidSchedulesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(-1, 10, 0.1));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(10, 10, 0.1));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.linear(0, 10, 1.5));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant().factor(0));
    IllegalArgumentException sgd = assertThrows(IllegalArgumentException.class,
        () -> OptimizerConfig.builder().kind(OptimizerConfig.Kind.SGD)
            .schedule(LearningRateSchedule.linear(0, 10, 0)).build());
    assertTrue(sgd.getMessage().contains("SGD"), sgd.getMessage());
  }

  /**
   * Adam's moments do not depend on the learning rate, so without weight decay the scheduled update of step
   * t is exactly factor(t) times the constant-rate update.
   */
  @Test
  void adamScalesEachUpdateByTheSchedule() {
    LearningRateSchedule schedule = LearningRateSchedule.cosine(3, 8, 0.2);
    StatefulOptimizer scheduled = OptimizerConfig.builder().kind(OptimizerConfig.Kind.ADAMW).learningRate(1e-2f)
        .weightDecay(0).schedule(schedule).build().newOptimizer();
    StatefulOptimizer constant = OptimizerConfig.builder().kind(OptimizerConfig.Kind.ADAMW).learningRate(1e-2f)
        .weightDecay(0).build().newOptimizer();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.zeros(new Shape(50, 3));
      NDArray b = m.zeros(new Shape(50, 3));
      for (int t = 1; t <= 10; t++) {
        NDArray g = m.randomNormal(new Shape(50, 3));
        float[] beforeA = a.toFloatArray();
        float[] beforeB = b.toFloatArray();
        scheduled.update("w", a, g);
        constant.update("w", b, g);
        float[] afterA = a.toFloatArray();
        float[] afterB = b.toFloatArray();
        for (int i = 0; i < afterA.length; i++) {
          double expected = schedule.factor(t) * (afterB[i] - beforeB[i]);
          assertEquals(expected, afterA[i] - beforeA[i], 1e-6 * (1 + Math.abs(expected)) + 1e-9, "step " + t);
        }
      }
      assertTrue(scheduled.describe().contains("cosine(warmup=3,total=8,floor=0.2)"), scheduled.describe());
    }
  }
}
