package io.github.mgs4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.runtime.BlockWorkers;
import io.github.mgs4j.core.runtime.HostArithmetic;
import io.github.mgs4j.core.runtime.ParameterArithmetic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdamOptimizerTest {
  private static final LearningRateSchedule CONSTANT = LearningRateSchedule.constant();

  @ParameterizedTest(name = "host threads {0}")
  @ValueSource(ints = {0, 1, 3})
  void blockwiseUpdatesAreBitIdenticalToWholeTensorUpdates(int hostThreads) {
    try (NDManager m = NDManager.newBaseManager();
        BlockWorkers workers = hostThreads == 0 ? null : new BlockWorkers(hostThreads)) {
      NDArray a = m.randomNormal(new Shape(37, 5));
      NDArray b = a.duplicate();
      AdamOptimizer whole = new AdamOptimizer(1e-2f, 0.9f, 0.999f, 1e-8f, 0.01f, true, CONSTANT, arithmetic(workers, 1 << 17));
      AdamOptimizer blocks = new AdamOptimizer(1e-2f, 0.9f, 0.999f, 1e-8f, 0.01f, true, CONSTANT, arithmetic(workers, 12));
      for (int step = 0; step < 5; step++) {
        NDArray g = m.randomNormal(new Shape(37, 5));
        whole.update("w", a, g);
        blocks.update("w", b, g);
      }
      assertArrayEquals(a.toFloatArray(), b.toFloatArray());
      assertEquals(5L, blocks.stateCounters().get("t/w"));
      // The weight and both moments were written in place by Java, or by the engine when there is no team.
      assertEquals(hostThreads == 0 ? 0 : 3, writtenInPlace(blocks));
    }
  }

  @ParameterizedTest(name = "decoupled {0}")
  @ValueSource(booleans = {true, false})
  void theHostAndTheEngineAgreeToFloatRounding(boolean decoupled) {
    try (NDManager m = NDManager.newBaseManager();
        BlockWorkers workers = new BlockWorkers(2)) {
      NDArray onHost = m.randomNormal(new Shape(300, 7));
      NDArray onEngine = onHost.duplicate();
      NDArray bias = m.randomNormal(new Shape(7));
      NDArray biasOnEngine = bias.duplicate();
      float[] initial = onHost.toFloatArray();
      AdamOptimizer host = new AdamOptimizer(1e-2f, 0.9f, 0.99f, 1e-8f, 0.1f, decoupled, CONSTANT, arithmetic(workers, 256));
      AdamOptimizer engine = new AdamOptimizer(1e-2f, 0.9f, 0.99f, 1e-8f, 0.1f, decoupled, CONSTANT, arithmetic(null, 256));
      for (int step = 0; step < 20; step++) {
        NDArray g = m.randomNormal(new Shape(300, 7));
        NDArray gb = m.randomNormal(new Shape(7));
        host.update("w", onHost, g);
        engine.update("w", onEngine, g);
        host.update("b", bias, gb);
        engine.update("b", biasOnEngine, gb);
      }
      assertEquals(6, writtenInPlace(host));
      assertClose(onEngine.toFloatArray(), onHost.toFloatArray());
      assertClose(biasOnEngine.toFloatArray(), bias.toFloatArray());
      for (String key : engine.stateArrays().keySet()) {
        assertClose(engine.stateArrays().get(key).toFloatArray(), host.stateArrays().get(key).toFloatArray());
      }
      // The weights did move: 20 steps of lr 1e-2 (so the agreement above is not that of untouched arrays).
      float[] after = onHost.toFloatArray();
      double moved = 0;
      for (int i = 0; i < after.length; i++) {
        moved = Math.max(moved, Math.abs(after[i] - initial[i]));
      }
      assertTrue(moved > 0.05, "largest change " + moved);
    }
  }

  @ParameterizedTest(name = "host threads {0}")
  @ValueSource(ints = {0, 1, 3})
  void oneUpdateOfManyParametersEqualsOneUpdatePerParameter(int hostThreads) {
    try (NDManager m = NDManager.newBaseManager();
        BlockWorkers workers = hostThreads == 0 ? null : new BlockWorkers(hostThreads)) {
      List<Shape> shapes = List.of(new Shape(40, 9), new Shape(9), new Shape(3, 4, 5), new Shape(1000));
      List<String> names = List.of("a", "b", "c", "d");
      List<NDArray> together = new ArrayList<>();
      List<NDArray> apart = new ArrayList<>();
      for (Shape s : shapes) {
        NDArray x = m.randomNormal(s);
        together.add(x);
        apart.add(x.duplicate());
      }
      AdamOptimizer all = new AdamOptimizer(1e-2f, 0.9f, 0.999f, 1e-8f, 0.05f, true, CONSTANT, arithmetic(workers, 64));
      AdamOptimizer each = new AdamOptimizer(1e-2f, 0.9f, 0.999f, 1e-8f, 0.05f, true, CONSTANT, arithmetic(workers, 64));
      for (int step = 0; step < 4; step++) {
        List<NDArray> grads = new ArrayList<>();
        for (Shape s : shapes) {
          grads.add(m.randomNormal(s));
        }
        all.updateAll(names, together, grads);
        for (int i = 0; i < names.size(); i++) {
          each.update(names.get(i), apart.get(i), grads.get(i));
        }
      }
      for (int i = 0; i < names.size(); i++) {
        assertArrayEquals(apart.get(i).toFloatArray(), together.get(i).toFloatArray(), "parameter " + names.get(i));
      }
      assertEquals(each.stateCounters(), all.stateCounters());
      assertEquals(hostThreads == 0 ? 0 : 12, writtenInPlace(all));
      assertThrows(IllegalArgumentException.class, () -> all.updateAll(names, together, List.of()));
    }
  }

  private static void assertClose(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-6 * Math.max(1, Math.abs(expected[i])), "element " + i);
    }
  }

  @Test
  void oneStepMatchesTheAdamWFormula() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1f, -2f, 3f, 0.5f}, new Shape(2, 2));
      NDArray g = m.create(new float[] {0.1f, -0.2f, 0f, 1f}, new Shape(2, 2));
      float lr = 0.1f;
      float wd = 0.5f;
      float[] before = w.toFloatArray();
      float[] grad = g.toFloatArray();
      new AdamOptimizer(lr, 0.9f, 0.999f, 1e-8f, wd, true, CONSTANT, ParameterArithmetic.host()).update("w", w, g);
      float[] after = w.toFloatArray();
      for (int i = 0; i < 4; i++) {
        double m1 = 0.1 * grad[i];
        double v1 = 0.001 * grad[i] * grad[i];
        double rate = lr * Math.sqrt(1 - 0.999) / (1 - 0.9);
        double decayed = before[i] - lr * wd * before[i];
        double expected = decayed - rate * m1 / (Math.sqrt(v1) + 1e-8);
        assertEquals(expected, after[i], 1e-5, "element " + i);
      }
    }
  }

  /**
   * The schedule's learning rate of an update scales both the step and the decoupled decay, on the host and on
   * the engine alike: one update at a warm-up factor of 1/4 matches the AdamW formula at lr/4.
   */
  @ParameterizedTest(name = "host threads {0}")
  @ValueSource(ints = {0, 2})
  void aScheduledUpdateUsesTheScheduledRateForStepAndDecay(int hostThreads) {
    try (NDManager m = NDManager.newBaseManager();
        BlockWorkers workers = hostThreads == 0 ? null : new BlockWorkers(hostThreads)) {
      NDArray w = m.create(new float[] {1f, -2f, 3f, 0.5f}, new Shape(2, 2));
      NDArray g = m.create(new float[] {0.1f, -0.2f, 0f, 1f}, new Shape(2, 2));
      float lr = 0.1f;
      float wd = 0.5f;
      LearningRateSchedule warmup = LearningRateSchedule.cosine(4, 10, 0);
      float[] before = w.toFloatArray();
      float[] grad = g.toFloatArray();
      AdamOptimizer adam = new AdamOptimizer(lr, 0.9f, 0.999f, 1e-8f, wd, true, warmup, arithmetic(workers, 64));
      adam.update("w", w, g);
      assertEquals(hostThreads == 0 ? 0 : 3, writtenInPlace(adam));
      float[] after = w.toFloatArray();
      double lr1 = lr * warmup.factor(1);
      assertEquals(0.25, warmup.factor(1), 1e-12);
      for (int i = 0; i < 4; i++) {
        double m1 = 0.1 * grad[i];
        double v1 = 0.001 * grad[i] * grad[i];
        double rate = lr1 * Math.sqrt(1 - 0.999) / (1 - 0.9);
        double decayed = before[i] - lr1 * wd * before[i];
        double expected = decayed - rate * m1 / (Math.sqrt(v1) + 1e-8);
        assertEquals(expected, after[i], 1e-6, "element " + i);
      }
    }
  }

  /** Java passes on {@code workers} (engine operations when null), in blocks of at most {@code block}. */
  private static ParameterArithmetic arithmetic(BlockWorkers workers, int block) {
    return workers == null ? ParameterArithmetic.onEngine(block) : ParameterArithmetic.onHost(workers, block);
  }

  /** The weight and moment arrays the optimizer's arithmetic writes in place from Java. */
  private static int writtenInPlace(AdamOptimizer optimizer) {
    return optimizer.arithmetic() instanceof HostArithmetic host ? host.arraysWrittenInPlace() : 0;
  }
}
