package io.github.mgs4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.search.BufferLifetime;
import io.github.mgs4j.core.search.DirectionStorage;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.search.MgsStep;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;
import org.junit.jupiter.api.Test;

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

  /** Live arrays under the model's manager after one step, and the number of parameter tensors. */
  private static int[] liveAfterOneStep(BufferLifetime lifetime, DirectionStorage storage) {
    CountingTask task = new CountingTask(8);
    try (BigramModel model = new BigramModel(task.vocabulary(), 6, task.eos(), 1);
        MgsStep step = new MgsStep(model, new MismatchLoss(),
            MgsConfig.builder().candidates(3).bufferLifetime(lifetime).directionStorage(storage).build(), new SeedStream(1))) {
      step.run(task.batches(1, 4, 1).get(0), 0);
      NDManager owner = model.parameters().valueAt(0).getArray().getManager();
      return new int[] {liveArrays(owner), TrainableParameters.of(model).count()};
    }
  }

  @Test
  void perStepSearchBuffersAreNotHeldBetweenSteps() {
    for (DirectionStorage storage : DirectionStorage.values()) {
      int[] persistent = liveAfterOneStep(BufferLifetime.PERSISTENT, storage);
      int[] perStep = liveAfterOneStep(BufferLifetime.PER_STEP, storage);
      // The snapshot, and the accumulator unless directions are regenerated: one array per parameter tensor each.
      // The bigram model is small, so AUTO keeps an accumulator.
      int buffers = storage.resolve(1024) == DirectionStorage.ACCUMULATOR ? 2 : 1;
      assertEquals(persistent[0] - buffers * persistent[1], perStep[0], "live arrays between steps, " + storage);
    }
  }
}
