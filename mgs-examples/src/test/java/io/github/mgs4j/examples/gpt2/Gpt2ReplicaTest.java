package io.github.mgs4j.examples.gpt2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.github.mgs4j.core.execution.Evaluators;
import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.search.MgsStep;
import io.github.mgs4j.losses.edit.EditDistanceLoss;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replicas decode like the model, own their memory, and MGS steps that decode candidates on replica worker
 * threads leave GPT-2 bit-identical to in-place candidates.
 */
class Gpt2ReplicaTest {
  private static final Gpt2Config CONFIG = Gpt2Config.of(97, 32, 32, 2, 4).withDropout(0);
  private static final List<Batch> BATCHES = List.of(
      new Batch(new int[][] {{1, 2, 3}, {7}, {5, 6}}, new int[][] {{4, 5, 96}, {8, 9, 10, 11, 96}, {12, 96}}),
      new Batch(new int[][] {{9, 9}, {3}, {40, 41, 42}}, new int[][] {{1, 96}, {2, 3, 96}, {50, 51, 52, 96}}));

  private static float[] flat(Gpt2Model model) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDList parts = new NDList();
      for (Parameter p : model.parameters().values()) {
        NDArray part = p.getArray().reshape(-1);
        part.attach(m);
        parts.add(part);
      }
      return NDArrays.concat(parts).toFloatArray();
    }
  }

  @Test
  void aReplicaDecodesLikeTheModelWithoutGradientsAndIsClosedOnItsOwn() {
    try (Gpt2Model model = Gpt2Model.randomInit(CONFIG, 3);
        NDManager m = NDManager.newBaseManager()) {
      float[] expected;
      try (Gpt2Model replica = model.replicate()) {
        for (Parameter p : replica.parameters().values()) {
          assertFalse(p.getArray().hasGradient(), p.getName() + " requires a gradient");
        }
        expected = replica.logits(m, new int[] {4, 8, 15, 16}).toFloatArray();
        assertArrayEquals(model.logits(m, new int[] {4, 8, 15, 16}).toFloatArray(), expected);
      }
      // The model is intact after its replica is closed.
      assertArrayEquals(expected, model.logits(m, new int[] {4, 8, 15, 16}).toFloatArray());
    }
  }

  @Test
  void mgsStepsWithReplicasAreBitIdenticalToInPlaceSteps() {
    float[] inPlace = null;
    for (int replicas : new int[] {0, 2}) {
      MgsConfig config = MgsConfig.builder().candidates(4).alpha(10).mleDropout(false).build();
      ExecutionConfig execution = ExecutionConfig.builder()
          .evaluator(replicas == 0 ? Evaluators.inPlace() : Evaluators.replicas(replicas))
          .build();
      try (Gpt2Model model = Gpt2Model.randomInit(CONFIG, 7);
          MgsStep step =
              new MgsStep(model, new EditDistanceLoss(96, false), config, execution, new SeedStream(2))) {
        for (int s = 0; s < BATCHES.size(); s++) {
          step.run(BATCHES.get(s), s);
        }
        if (replicas == 0) {
          inPlace = flat(model);
        } else {
          assertArrayEquals(inPlace, flat(model));
        }
      }
    }
  }
}
