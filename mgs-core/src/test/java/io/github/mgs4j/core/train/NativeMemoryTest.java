package io.github.mgs4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.execution.DirectionStorage;
import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.search.MgsStep;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every native array a step creates is scoped: the number of live arrays must not grow with steps. */
class NativeMemoryTest {

  private static int liveArrays(NDManager manager) {
    return ((BaseNDManager) manager).getManagedArrays().size();
  }

  @Test
  void stepsDoNotLeakNativeArrays() {
    CountingTask task = new CountingTask(8);
    var batches = task.batches(3, 4, 1);
    try (BigramModel model = new BigramModel(task.vocabulary(), 6, task.eos(), 1);
        MgsStep step = new MgsStep(model, new MismatchLoss(), MgsConfig.builder().candidates(3).build(),
            new SeedStream(1))) {
      NDManager owner = model.parameters().valueAt(0).getArray().getManager();
      step.run(batches.get(0), 0);
      step.run(batches.get(1), 1);
      int after2 = liveArrays(owner);
      for (int s = 2; s < 200; s++) {
        step.run(batches.get(s % 3), s);
      }
      assertEquals(after2, liveArrays(owner), "live native arrays after 2 vs 200 steps");
    }
  }

  /**
   * Between steps a step holds no search buffer (snapshot, accumulator): after its first step the model's
   * manager holds what it held before, plus the optimizer's two moments per parameter tensor.
   */
  @ParameterizedTest(name = "directions {0}")
  @EnumSource(DirectionStorage.class)
  void searchBuffersAreNotHeldBetweenSteps(DirectionStorage storage) {
    CountingTask task = new CountingTask(8);
    try (BigramModel model = new BigramModel(task.vocabulary(), 6, task.eos(), 1);
        MgsStep step = new MgsStep(model, new MismatchLoss(), MgsConfig.builder().candidates(3).build(),
            ExecutionConfig.builder().directionStorage(storage).build(), new SeedStream(1))) {
      NDManager owner = model.parameters().valueAt(0).getArray().getManager();
      int before = liveArrays(owner);
      step.run(task.batches(1, 4, 1).get(0), 0);
      int tensors = TrainableParameters.of(model).count();
      assertEquals(before + 2 * tensors, liveArrays(owner), "live arrays after one step, " + storage);
    }
  }
}
